using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Township;
using GridOps.Web.Realtime;

namespace GridOps.ComponentTests.Features.Township;

/// <summary>
/// A township leader's street as a circuit renders it: numbers and counts from the ticker, incidents
/// from the stream (channels the test writes), and approvals acted on in place against a real database.
/// </summary>
public sealed class TownshipPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ALeaderApprovesAnExtensionInPlace_ItLeavesTheList_AndTheIncidentsLogSaysWho()
    {
        var ticket = await ExtensionRequestedAsync("路灯整片不亮，需采购配件", minutes: 2 * 24 * 60);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        var cut = screen.Context.Render<TownshipPage>();
        WaitUntilReady(cut);

        var item = cut.Find($"[data-approval=Extension][data-ticket='{ticket}']");
        Assert.Contains("+2 个工作日", item.TextContent, StringComparison.Ordinal);
        await item.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "批准延期").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-approval=Extension][data-ticket='{ticket}']")), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ticket_no = '{ticket}' AND e.action = 12 AND e.actor LIKE '%(leader)'"));
    }

    [Fact]
    public async Task RejectingAnExtension_AsksForAReason_BeforeAnythingIsSent()
    {
        var ticket = await ExtensionRequestedAsync("下水道清淤需大型设备", minutes: 120);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        var cut = screen.Context.Render<TownshipPage>();
        WaitUntilReady(cut);
        Assert.NotEmpty(cut.FindAll($"[data-approval=Extension][data-ticket='{ticket}']"));
        Assert.Contains("+2 工作小时", cut.Find($"[data-approval=Extension][data-ticket='{ticket}']").TextContent, StringComparison.Ordinal);
        var provider = screen.Context.Render<MudBlazor.MudDialogProvider>();

        var pressing = cut.Find($"[data-approval=Extension][data-ticket='{ticket}']").QuerySelectorAll("button")
            .Single(b => b.TextContent.Trim() == "驳回延期").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("驳回原因", provider.Markup, StringComparison.Ordinal), Soon);
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交").HasAttribute("disabled"));
        await provider.Find("textarea").InputAsync(new() { Value = "设备已在途，按原时限办理" });
        provider.WaitForAssertion(() => Assert.False(provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交").HasAttribute("disabled")), Soon);
        await provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交").ClickAsync(new());
        await pressing;

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-approval=Extension][data-ticket='{ticket}']")), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ticket_no = '{ticket}' AND e.action = 13 AND e.reason = '设备已在途，按原时限办理'"));
    }

    [Fact]
    public async Task AnEscalatedAlert_WaitsForTheLeader_AndIsAcknowledgedInPlace()
    {
        var (_, _, grid) = await LeadersPlaceAsync();
        var raised = await fixture.RaiseRedAlertAsync("化粪池满溢，气味刺鼻", grid);
        var escalated = await fixture.App.Service<GridOps.Web.Features.Alerts.AlertActions>().EscalateAsync(
            GridOps.Web.Features.Access.Viewer.System, raised.Alert!.Id, raised.Alert.Version, "社区无力处置，请街道协调", CancellationToken.None);
        Assert.True(escalated.Done);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        var cut = screen.Context.Render<TownshipPage>();
        WaitUntilReady(cut);
        Assert.NotEmpty(cut.FindAll($"[data-approval=Escalation][data-ticket='{raised.Incident.Ticket}']"));

        await cut.Find($"[data-approval=Escalation][data-ticket='{raised.Incident.Ticket}']").QuerySelectorAll("button")
            .Single(b => b.TextContent.Trim() == "确认").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-approval=Escalation][data-ticket='{raised.Incident.Ticket}']")), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM alerts WHERE id = {raised.Alert.Id} AND state = 1 AND acted_by LIKE '%(leader)'"));
    }

    [Fact]
    public async Task TheTickersNumbers_AndANewIncident_ShowWithoutAReload()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        var cut = screen.Context.Render<TownshipPage>();
        WaitUntilReady(cut);
        var group = Assert.Single(screen.Live.Open).Group;
        var board = cut.Instance.Board!;

        screen.Live.Push(group, new LiveDelivery(Kpis: board.Kpis with { OpenNow = 4321, OverdueNow = 17 }));
        cut.WaitForAssertion(() => Assert.Equal("4321", cut.Find("[data-kpi=openNow]").TextContent), Soon);
        Assert.Equal("17", cut.Find("[data-kpi=overdueNow]").TextContent);

        var community = board.Children[0];
        screen.Clock.Advance(LiveScreen.RenderGap);
        screen.Live.Push(group, new LiveDelivery(Counts: [community with { Open = 99, Overdue = 3 }]));
        cut.WaitForAssertion(() => Assert.Equal("99", cut.Find($"tr[data-area-code='{community.Code}'] [data-count=open]").TextContent), Soon);
        Assert.Contains("has-overdue", cut.Find($"tr[data-area-code='{community.Code}']").ClassName, StringComparison.Ordinal);

        var now = DateTimeOffset.UtcNow;
        var created = new LiveEvent(long.MaxValue - 1, "incident.created", now,
            new LiveIncident(long.MaxValue - 2, "20991231000001", "井盖缺失，行人易跌落", "red", "reported", true, "onTime", "市政设施", "Municipal facilities",
                120.1, 30.2, null, null, null, now, now.AddHours(2)), null);
        screen.Clock.Advance(LiveScreen.RenderGap);
        screen.Live.Push(group, created);
        cut.WaitForAssertion(() => Assert.Contains("井盖缺失，行人易跌落", cut.Find(".live-incidents li").TextContent, StringComparison.Ordinal), Soon);

        screen.Clock.Advance(LiveScreen.RenderGap);
        screen.Live.Push(group, created with { Type = "incident.changed", Incident = created.Incident with { Open = false, State = "closed" } });
        cut.WaitForAssertion(() => Assert.DoesNotContain("井盖缺失", cut.Find(".live-incidents").TextContent, StringComparison.Ordinal), Soon);
    }

    [Fact]
    public async Task ParametersSetAgainForTheSameStreet_KeepThePictureAndTheSubscription()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        var cut = screen.Context.Render<TownshipPage>();
        WaitUntilReady(cut);
        var subscription = Assert.Single(screen.Live.Open);
        var rows = cut.FindAll(".counts-table tbody tr").Count;

        // What the circuit does when a cascading value (the sign-in state) is provided again: the page must not blank to a
        // progress bar and read everything again (a leader saw the street vanish for a moment with nothing changed).
        cut.Render();

        Assert.Empty(cut.FindAll(".mud-progress-linear"));
        Assert.Equal(rows, cut.FindAll(".counts-table tbody tr").Count);
        Assert.Same(subscription, Assert.Single(screen.Live.Open));
    }

    /// <summary>Waits for the circuit's first full render (data-ready): buttons found before it would lose their handlers to it.</summary>
    private static void WaitUntilReady(IRenderedComponent<TownshipPage> cut) =>
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".township").GetAttribute("data-ready")), Soon);

    /// <summary>An incident in the leader's street, accepted, dispatched to its community and asked to be extended.</summary>
    private async Task<string> ExtensionRequestedAsync(string description, int minutes)
    {
        var app = fixture.App;
        var (street, community, grid) = await LeadersPlaceAsync();
        var (lon, lat) = await app.Database.LabelPointAsync(grid);
        string ticket;
        using (var report = await app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description, lon, lat }))
        {
            report.EnsureSuccessStatusCode();
            ticket = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
        }

        var version = 1;
        foreach (var (action, body) in new (string, object)[]
        {
            ("accept", new { }), ("dispatch", new { areaCode = community }), ("requestExtension", new { minutes, reason = "配件需外地采购" }),
        })
        {
            var json = JsonSerializer.SerializeToNode(body)!.AsObject();
            json["version"] = version;
            using var response = await app.Client.PostAsJsonAsync($"/api/incidents/{ticket}/{action}", json);
            Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
            version = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32();
        }

        _ = street;
        return ticket;
    }

    /// <summary>The leader's street, its first community and that community's first grid.</summary>
    private async Task<(string Street, string Community, string Grid)> LeadersPlaceAsync()
    {
        var rows = await fixture.App.Database.StringsAsync("""
            SELECT s.code || ' ' || c.code || ' ' || g.code FROM users u
            JOIN areas s ON s.id = u.scope_area_id
            JOIN areas c ON c.parent_id = s.id
            JOIN areas g ON g.parent_id = c.id
            WHERE u.user_name = 'leader' ORDER BY c.code, g.code LIMIT 1
            """);
        var parts = rows[0].Split(' ');
        return (parts[0], parts[1], parts[2]);
    }
}
