using System.Diagnostics.Metrics;
using GridOps.Web.Platform.Telemetry;

namespace GridOps.TestSupport;

/// <summary>Meters for parts a test builds by hand, outside any app (an importer over a test database).</summary>
public sealed class StandaloneMeters : IMeterFactory
{
    public static GridOpsMetrics Metrics() => new(new StandaloneMeters());

    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
