using System.Diagnostics;

namespace GridOps.Web.Platform.Telemetry;

/// <summary>
/// GridOps' own traces: one <see cref="ActivitySource"/> for the whole application, named like its
/// meter, so an operator turns both on by the one name <c>GridOps</c>.
/// </summary>
public static class GridOpsTelemetry
{
    public const string Name = "GridOps";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The current span in W3C form (<c>00-trace-span-flags</c>), for what crosses the database to another reader.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>The links a consumer span carries to the spans that wrote what it consumed; malformed ones are skipped.</summary>
    public static IEnumerable<ActivityLink> LinksTo(IEnumerable<string?> traceParents) =>
        traceParents.Distinct(StringComparer.Ordinal)
            .Select(p => p is not null && ActivityContext.TryParse(p, null, out var context) ? new ActivityLink(context) : (ActivityLink?)null)
            .OfType<ActivityLink>();
}
