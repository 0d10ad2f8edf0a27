using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridOps.Web.Platform.Health;

/// <summary>
/// The framework's health checks on the two doors load balancers and compose already use:
/// <c>/healthz/live</c> — the process answers (no check runs: a database outage must not get the
/// node restarted); <c>/healthz/ready</c> — every check tagged <see cref="Ready"/>: the database
/// answers (else 503), and the job server and the live stream report how they keep up (Degraded,
/// still 200: a node whose screens lag still serves requests). Features add their own checks.
/// </summary>
internal static class HealthModule
{
    public const string Ready = "ready";

    /// <summary>A check that takes longer than this counts as failed: a probe must answer before its own timeout (3 s in compose).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        // The app's own data source (its pool and settings), not a second connection string.
        builder.Services.AddHealthChecks().AddNpgSql(name: "database", tags: [Ready], timeout: CheckTimeout);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Operations").WithSummary("Liveness: the process answers");
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Operations").WithSummary("Readiness: 503 while the database does not answer; the job server and live stream as Degraded");
        return app;
    }

    /// <summary>Each check's status and our own description; never an exception's text (this door is public).</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Status == HealthStatus.Healthy || e.Value.Exception is null ? e.Value.Description : "did not answer",
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
