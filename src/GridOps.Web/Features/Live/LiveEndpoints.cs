using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Live;

/// <summary>The picture a live page starts from (or reloads after a long absence); from then on it applies events.</summary>
internal static class LiveEndpoints
{
    /// <summary>A map shows at most this many open pins; beyond it the grid colours carry the picture.</summary>
    public const int PinLimit = 20_000;

    public static void MapLiveSnapshot(this WebApplication app) =>
        app.MapGet("/api/live/snapshot", async (HttpContext http, LiveFeedReader reader, LiveKpiQueries kpis, CancellationToken cancellationToken) =>
        {
            var group = LiveGroups.For(http.Viewer().Scope);
            // The position first: anything committed after it is replayed by CatchUp, so nothing falls between.
            var head = await reader.HeadAsync(cancellationToken);
            var incidents = await reader.OpenIncidentsAsync(group, PinLimit, cancellationToken);
            var counts = await kpis.AllAreaCountsAsync(group, cancellationToken);
            return Results.Ok(new LiveSnapshot(head.Seq, incidents, counts));
        }).RequireAuthorization(Can.ReadIncidents).WithTags("Live")
            .WithSummary("What a live screen starts from: the open incidents in the caller's scope, counts per area, and the stream position to follow on from (/hubs/live)")
            .Produces<LiveSnapshot>();
}

public sealed record LiveSnapshot(long Seq, IReadOnlyList<LiveIncident> Incidents, IReadOnlyList<LiveAreaCount> Counts);
