using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Realtime;

namespace GridOps.Tests.Features.Live;

/// <summary>The live hub over a real WebSocket and a real database: scope at the hub, catch-up, the acknowledge race.</summary>
public sealed class LiveHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private TestApp _app = null!;
    private DemoWorld _world = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _world = await DemoWorld.ArrangeAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ALeaderReceivesTheirStreetsEvents_AndNeverAnotherStreets()
    {
        await using var leaderA = await _app.HubAsync("leader");
        await using var leaderB = await _app.HubAsync("leader2");
        await using var centre = await _app.HubAsync("command");

        var inA = await DemoWorld.ReportAtAsync(_app, _world.GridA, "楼道堆物挡住消防通道");
        var created = await leaderA.WaitForAsync(e => e.Incident.Ticket == inA, Soon);
        await centre.WaitForAsync(e => e.Incident.Ticket == inA, Soon);
        Assert.Equal("incident.created", created.Type);
        Assert.True(created.Seq > 0);

        // Events reach a connection in commit order: once leader2 has the later one, the earlier would have come first.
        var gridInB = await DemoWorld.GridInAsync(_app, _world.StreetB);
        var inB = await DemoWorld.ReportAtAsync(_app, gridInB, "路灯不亮");
        await leaderB.WaitForAsync(e => e.Incident.Ticket == inB, Soon);
        Assert.DoesNotContain(leaderB.Received, e => e.Incident.Ticket == inA);
        Assert.DoesNotContain(leaderA.Received, e => e.Incident.Ticket == inB);

        // Asking for history does not widen the scope either.
        var history = await leaderB.InvokeAsync<LiveCatchUp>("CatchUp", 0L);
        Assert.Contains(history.Events, e => e.Incident.Ticket == inB);
        Assert.DoesNotContain(history.Events, e => e.Incident.Ticket == inA);
    }

    [Fact]
    public async Task AClientThatWasAway_CatchesUpFromTheDatabase_MissingNothing()
    {
        long lastSeen;
        await using (var before = await _app.HubAsync("command"))
        {
            var first = await DemoWorld.ReportAtAsync(_app, _world.GridA, "井盖缺失");
            lastSeen = (await before.WaitForAsync(e => e.Incident.Ticket == first, Soon)).Seq;
        }

        // While nobody listens: a new incident and a change to it.
        var missed = await DemoWorld.ReportAtAsync(_app, _world.GridA, "电动车楼道充电");
        using (var accept = await _app.Client.PostAsJsonAsync($"/api/incidents/{missed}/accept", new { version = 1 }))
        {
            accept.EnsureSuccessStatusCode();
        }

        await using var after = await _app.HubAsync("command");
        var catchUp = await after.InvokeAsync<LiveCatchUp>("CatchUp", lastSeen);
        Assert.False(catchUp.Reload);
        var types = catchUp.Events.Where(e => e.Incident.Ticket == missed).Select(e => e.Type).ToList();
        Assert.Equal(["incident.created", "incident.changed"], types);
        Assert.Equal("accepted", catchUp.Events.Last(e => e.Incident.Ticket == missed).Incident.State);
        Assert.All(catchUp.Events, e => Assert.True(e.Seq != lastSeen));
    }

    [Fact]
    public async Task TwoSupervisorsAcknowledgeOneAlert_ExactlyOneWins_AndTheOtherLearnsWhoAndWhen()
    {
        // Listening first: the scheduled sweep may raise the alert before the explicit one below does.
        await using var command = await _app.HubAsync("command");
        await using var supervisor = await _app.HubAsync("supervisor");
        var ticket = await DemoWorld.ReportAtAsync(_app, _world.GridA, "小区围墙开裂");
        using (var retier = await _app.Client.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "疑似燃气泄漏" }))
        {
            retier.EnsureSuccessStatusCode();
        }

        await _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);
        var raised = await supervisor.WaitForAsync(e => e.Type == "alert.raised" && e.Incident.Ticket == ticket, Soon);
        Assert.Equal("redTier", raised.Alert!.Kind);

        var outcomes = await Task.WhenAll(
            command.InvokeAsync<AlertOutcome>("Acknowledge", raised.Alert.Id, raised.Alert.Version),
            supervisor.InvokeAsync<AlertOutcome>("Acknowledge", raised.Alert.Id, raised.Alert.Version));

        Assert.Single(outcomes, o => o.Done);
        var loser = Assert.Single(outcomes, o => !o.Done);
        Assert.Equal(AlertActions.Conflict, loser.Error);
        var winner = outcomes.Single(o => o.Done).Alert!.Alert!;
        Assert.Equal(winner.ActedBy, loser.Alert!.Alert!.ActedBy);
        Assert.Equal(winner.ActedAt, loser.Alert.Alert.ActedAt);
        Assert.Equal("acknowledged", loser.Alert.Alert.State);
        // Both consoles hear of the one acknowledgement.
        await command.WaitForAsync(e => e.Type == "alert.acknowledged" && e.Alert!.Id == raised.Alert.Id, Soon);
        await supervisor.WaitForAsync(e => e.Type == "alert.acknowledged" && e.Alert!.Id == raised.Alert.Id, Soon);
        Assert.Equal(1, await _app.Database.CountAsync($"SELECT count(*) FROM alert_notes WHERE alert_id = {raised.Alert.Id} AND action = 1"));
    }

    [Fact]
    public async Task TwoNodesOnOneDatabase_ShowTheSameEvent()
    {
        await using var nodeB = await _app.SecondNodeAsync();
        await using var onA = await _app.HubAsync("command");
        await using var onB = await nodeB.HubAsync("command");

        // Reported through node A; node B learns of it only through PostgreSQL (NOTIFY, then its own read).
        var ticket = await DemoWorld.ReportAtAsync(_app, _world.GridA, "广告牌松动");
        var seenOnA = await onA.WaitForAsync(e => e.Incident.Ticket == ticket, Soon);
        var seenOnB = await onB.WaitForAsync(e => e.Incident.Ticket == ticket, Soon);
        Assert.Equal(seenOnA.Seq, seenOnB.Seq);
        Assert.Equal(seenOnA.Type, seenOnB.Type);

        // And the other way round, for a change made on node B.
        using (var accept = await nodeB.Client.PostAsJsonAsync($"/api/incidents/{ticket}/accept", new { version = 1 }))
        {
            accept.EnsureSuccessStatusCode();
        }

        var acceptedOnA = await onA.WaitForAsync(e => e.Incident.Ticket == ticket && e.Incident.State == "accepted", Soon);
        Assert.Equal("incident.changed", acceptedOnA.Type);
    }

    [Fact]
    public async Task EscalateReassignAndComment_MoveTheAlert_AndAreRefusedWhenInvalid()
    {
        // Listening first: the scheduled sweep may raise the alert before the explicit one below does.
        await using var supervisor = await _app.HubAsync("supervisor");
        var ticket = await DemoWorld.ReportAtAsync(_app, _world.GridA, "高空坠物隐患");
        await PostAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "临街高层" });
        await _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);
        var alert = (await supervisor.WaitForAsync(e => e.Type == "alert.raised" && e.Incident.Ticket == ticket, Soon)).Alert!;

        var noReason = await supervisor.InvokeAsync<AlertOutcome>("Escalate", alert.Id, alert.Version, " ");
        Assert.Equal(AlertActions.Invalid, noReason.Error);
        var notASupervisor = await supervisor.InvokeAsync<AlertOutcome>("Reassign", alert.Id, alert.Version, "grid");
        Assert.Equal(AlertActions.Invalid, notASupervisor.Error);

        var reassigned = await supervisor.InvokeAsync<AlertOutcome>("Reassign", alert.Id, alert.Version, "LEADER");
        Assert.True(reassigned.Done);
        Assert.Equal("leader", reassigned.Alert!.Alert!.Assignee);
        var commented = await supervisor.InvokeAsync<AlertOutcome>("Comment", alert.Id, "已电话联系物业");
        Assert.True(commented.Done);
        // A comment changes nothing anyone could be acting on: the version stays, the next action still applies.
        Assert.Equal(reassigned.Alert.Alert.Version, commented.Alert!.Alert!.Version);
        var escalated = await supervisor.InvokeAsync<AlertOutcome>("Escalate", alert.Id, commented.Alert.Alert.Version, "物业不配合，请街道协调");
        Assert.True(escalated.Done);
        Assert.Equal(1, escalated.Alert!.Alert!.Escalations);
        Assert.Equal("open", escalated.Alert.Alert.State);
        await supervisor.WaitForAsync(e => e.Type == "alert.escalated" && e.Alert!.Id == alert.Id, Soon);

        // A stale version is refused with the alert as it now stands.
        var stale = await supervisor.InvokeAsync<AlertOutcome>("Acknowledge", alert.Id, alert.Version);
        Assert.Equal(AlertActions.Conflict, stale.Error);
        Assert.Equal("escalated", stale.Alert!.Alert!.LastAction);
    }

    [Fact]
    public async Task TheTownshipView_ListsWhatWaitsForItsLeader_AndRefusesAnotherStreet()
    {
        var ticket = await DemoWorld.ReportAtAsync(_app, _world.GridA, "小区道路塌陷需多部门处理");
        await PostAsync($"/api/incidents/{ticket}/accept", new { version = 1 });
        await PostAsync($"/api/incidents/{ticket}/dispatch", new { version = 2, areaCode = _world.GridA });
        await PostAsync($"/api/incidents/{ticket}/startHandling", new { version = 3 });
        await PostAsync($"/api/incidents/{ticket}/requestExtension", new { version = 4, minutes = 480, reason = "等待管线单位" });

        var leader = await _app.SignInAsync("leader");
        var page = await leader.GetStringAsync($"/township/{_world.StreetA}");
        var approvals = page[page.IndexOf("approvals-title", StringComparison.Ordinal)..page.IndexOf("incidents-title", StringComparison.Ordinal)];
        Assert.Contains(ticket, approvals, StringComparison.Ordinal);
        Assert.Contains("延期申请", approvals, StringComparison.Ordinal);

        using var other = await (await _app.SignInAsync("leader2")).GetAsync($"/township/{_world.StreetA}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await _app.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task AWallScreenOrGridWorker_CannotActOnAlerts()
    {
        await using var grid = await _app.HubAsync("grid");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => grid.InvokeAsync<AlertOutcome>("Acknowledge", 1L, 1));
        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
