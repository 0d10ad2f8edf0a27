namespace GridOps.Web.Platform.Telemetry;

/// <summary>Section <c>Telemetry</c>. The exporter's own settings are OpenTelemetry's standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, …).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Metrics and traces at all. Off only to measure what they cost (<c>./gridops bench intake</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of traces recorded when no caller decided (a request's <c>traceparent</c> marked sampled is
    /// always recorded, and so is everything under it). Log lines carry a trace id either way.</summary>
    public double TraceSampleRatio { get; set; } = 0.1;

    /// <summary>Where Prometheus reads the metrics (administrators, or the addresses in <c>Access:MetricsScrapers</c>).</summary>
    public string MetricsPath { get; set; } = "/metrics";
}
