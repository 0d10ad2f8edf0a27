using System.Text.Json;
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
        app.MapGet("/healthz/live", (Delegate)(() => Answer(new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero))))
            .AllowAnonymous().WithTags("Operations").WithSummary("Liveness: the process answers (no check runs)")
            .Produces<HealthAnswer>();
        app.MapGet("/healthz/ready", async (HealthCheckService health, CancellationToken cancellationToken) =>
                Answer(await health.CheckHealthAsync(c => c.Tags.Contains(Ready), cancellationToken)))
            .AllowAnonymous().WithTags("Operations")
            .WithSummary("Readiness: 503 while the database does not answer; the job server and the live stream reported beside it (Degraded is still 200)")
            .Produces<HealthAnswer>().Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Each check's status and our own description; never an exception's text (this door is public).</summary>
    private static NoStoreJson Answer(HealthReport report)
    {
        var answer = new HealthAnswer(report.Status.ToString(), Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(
                e.Value.Status.ToString(),
                e.Value.Status == HealthStatus.Healthy || e.Value.Exception is null ? e.Value.Description : "did not answer",
                Math.Round(e.Value.Duration.TotalMilliseconds, 1))));
        return new NoStoreJson(Results.Json(answer, JsonOptions, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK));
    }

    /// <summary>A probe's answer is about this moment: never cached by a proxy.</summary>
    private sealed class NoStoreJson(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>What /healthz answers: the overall status (Healthy, Degraded, Unhealthy) and each check's.</summary>
public sealed record HealthAnswer(string Status, double DurationMs, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

public sealed record HealthCheckAnswer(string Status, string? Description, double DurationMs);
