using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GridOps.Web.Platform.Telemetry;

/// <summary>
/// Metrics, traces and log shape (docs/operations.md): OpenTelemetry with the framework's HTTP server,
/// runtime and Npgsql instruments plus GridOps' own (GridOps calls out to no HTTP service, so there is
/// no HTTP client instrumentation: it would only trace a load driver sharing the process); Prometheus text at <c>/metrics</c>; OTLP for
/// all three signals when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. A tenth of traces is recorded
/// by default (all of those a caller marks sampled); every log line of a request or job carries a
/// trace id either way.
/// </summary>
internal static class TelemetryModule
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection("Telemetry"));
        builder.Services.AddSingleton<GridOpsMetrics>();
        builder.Services.AddSingleton<OverdueGauge>();

        // Every line in a request or job carries TraceId and SpanId in its scope; both console formats print
        // scopes (JSON with Logging__Console__FormatterName=json, one object per line for a collector).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        if (!options.Enabled)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gridops", serviceVersion: typeof(TelemetryModule).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", GridOpsTelemetry.Name)
                // Each scrape collects afresh: the exporter's default 300 ms cache would hand a second
                // scrape the first one's numbers, and scrapers come every 15 s or more anyway.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path, options.MetricsPath))
                .AddNpgsql()
                .AddSource(GridOpsTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithLogging().UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        // Created now, so its gauge exists before the first scrape asks.
        app.Services.GetRequiredService<OverdueGauge>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.Enabled)
        {
            // The exporter's own endpoint (a RequestDelegate, so the API document describes it by hand: ApiDocs).
            app.MapPrometheusScrapingEndpoint(options.MetricsPath).RequireAuthorization(Features.Access.Can.ReadMetrics);
        }

        return app;
    }

    // Probes and scrapes every few seconds would bury the traces people look for.
    private static bool IsProbe(PathString path, string metricsPath) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(metricsPath, StringComparison.OrdinalIgnoreCase);
}
