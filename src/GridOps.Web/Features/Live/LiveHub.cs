using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Live;

/// <summary>
/// The one hub every live page connects to. A connection joins the single group its viewer's
/// scope names, decided here on the server from the signed-in principal; nothing the client says
/// can widen it. Server → client messages: <c>events</c> (batches of <see cref="LiveEvent"/>),
/// <c>kpis</c>, <c>counts</c>.
/// </summary>
[Authorize(Policy = Can.ReadIncidents)]
public sealed class LiveHub(LiveFeedReader reader, LiveTicker ticker, LiveKpiQueries kpis, AlertActions alerts, AreaQueries areas, Platform.Telemetry.GridOpsMetrics metrics) : Hub
{
    public const string Path = "/hubs/live";

    /// <summary>More missed events than this and the client reloads its picture instead of replaying.</summary>
    public const int CatchUpLimit = 5000;

    private const string GroupKey = "group";
    private const string WatchKey = "watch";
    private const string RoleKey = "role";

    public override async Task OnConnectedAsync()
    {
        var viewer = Viewer.From(Context.User!);
        var group = LiveGroups.For(viewer.Scope);
        Context.Items[GroupKey] = group;
        var role = LiveNames.Camel(viewer.Role.ToString());
        Context.Items[RoleKey] = role;
        metrics.ScreenConnected(role);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        ticker.Joined(group);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items[RoleKey] is string role)
        {
            metrics.ScreenDisconnected(role);
        }

        if (Context.Items[GroupKey] is string group)
        {
            ticker.Left(group);
        }

        if (Context.Items[WatchKey] is string watched)
        {
            ticker.Left(watched);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Also follow the numbers of one area inside the viewer's scope (a township view opened by
    /// the command centre): the connection joins that area's group too and gets its KPI ticks.
    /// An area outside the scope answers null, exactly like one that does not exist.
    /// </summary>
    [Authorize(Policy = Can.ReadIncidents)]
    public async Task<LiveKpis?> Watch(string areaCode)
    {
        var viewer = Viewer.From(Context.User!);
        var area = await areas.GetDetailAsync(areaCode ?? "", viewer.Scope, Context.ConnectionAborted);
        if (area is null || area.Area.Level is not (AreaLevel.Street or AreaLevel.Community or AreaLevel.Grid))
        {
            return null;
        }

        var group = LiveGroups.For(new AccessScope(area.Id, area.Area.Level, null));
        if (group != Group && Context.Items[WatchKey] is null)
        {
            Context.Items[WatchKey] = group;
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
            ticker.Joined(group);
        }

        return await kpis.KpisAsync(group, Context.ConnectionAborted);
    }

    /// <summary>Everything in this viewer's scope committed after the event numbered <paramref name="afterSeq"/> (0: the page had none).</summary>
    [Authorize(Policy = Can.ReadIncidents)]
    public async Task<LiveCatchUp> CatchUp(long afterSeq)
    {
        var from = afterSeq <= 0 ? LivePosition.Start : await reader.PositionOfAsync(afterSeq, Context.ConnectionAborted);
        if (from is null)
        {
            return new LiveCatchUp([], Reload: true);
        }

        var rows = await reader.ReadAfterAsync(from.Value, CatchUpLimit, Group, Context.ConnectionAborted);
        return rows.Count == CatchUpLimit ? new LiveCatchUp([], Reload: true) : new LiveCatchUp([.. rows.Select(r => r.Event)], Reload: false);
    }

    /// <summary>The scope's numbers now: a page asks after (re)connecting, then follows the ticks.</summary>
    [Authorize(Policy = Can.ReadIncidents)]
    public Task<LiveKpis> Kpis() => kpis.KpisAsync(Group, Context.ConnectionAborted);

    [Authorize(Policy = Can.Supervise)]
    public Task<AlertOutcome> Acknowledge(long alertId, int version) =>
        alerts.AcknowledgeAsync(Viewer.From(Context.User!), alertId, version, Context.ConnectionAborted);

    [Authorize(Policy = Can.Supervise)]
    public Task<AlertOutcome> Reassign(long alertId, int version, string assignee) =>
        alerts.ReassignAsync(Viewer.From(Context.User!), alertId, version, assignee ?? "", Context.ConnectionAborted);

    [Authorize(Policy = Can.Supervise)]
    public Task<AlertOutcome> Escalate(long alertId, int version, string reason) =>
        alerts.EscalateAsync(Viewer.From(Context.User!), alertId, version, reason ?? "", Context.ConnectionAborted);

    [Authorize(Policy = Can.Supervise)]
    public Task<AlertOutcome> Comment(long alertId, string text) =>
        alerts.CommentAsync(Viewer.From(Context.User!), alertId, text ?? "", Context.ConnectionAborted);

    private string Group => (string)Context.Items[GroupKey]!;
}
