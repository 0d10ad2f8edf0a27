using AngleSharp.Dom;
using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Incidents.List;
using GridOps.Web.Realtime;

namespace GridOps.ComponentTests.Features.Incidents;

/// <summary>
/// The incident list as a circuit renders it over the demo district: filters and order in the
/// address and read by the database, rows kept current by the stream (channels the test writes).
/// </summary>
public sealed class IncidentListPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AFilteredAddress_ShowsOnlyItsRows_AndTheCsvLinkCarriesTheSameFilter()
    {
        var red = await fixture.RaiseRedAlertAsync("加油站旁电动车起火");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/incidents?tier=red&state=reported");

        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);

        var rows = Rows(cut);
        Assert.Contains(rows, r => r.TextContent.Contains(red.Incident.Ticket, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("红色", r.QuerySelector(".tier-badge")!.TextContent, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("Reported", r.QuerySelector("[data-state]")!.GetAttribute("data-state")));
        var expected = await fixture.App.Database.CountAsync("SELECT count(*) FROM incidents WHERE tier = 3 AND state = 0");
        Assert.Contains($"共 {expected} 件", cut.Find(".result-count").TextContent, StringComparison.Ordinal);
        Assert.Equal("/incidents/export.csv?tier=red&state=reported", cut.Find("a[download]").GetAttribute("href"));
        Assert.Equal("红色", cut.Find("[data-filter=tier] input").GetAttribute("value"));
    }

    [Fact]
    public async Task ChoosingAFilter_PutsItInTheAddress_AndTheDatabaseAnswersIt()
    {
        await fixture.RaiseRedAlertAsync("配电箱冒烟");
        await fixture.ReportAsync("楼上邻居深夜装修");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/incidents");
        var popovers = screen.Context.Render<MudBlazor.MudPopoverProvider>();
        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);
        Assert.Contains(Rows(cut), r => !r.QuerySelector(".tier-badge")!.TextContent.Contains("红色", StringComparison.Ordinal));

        await cut.Find("[data-filter=tier] .mud-input-control").MouseDownAsync(new());
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")), Soon);
        await popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "红色").ClickAsync(new());

        Assert.Equal("/incidents?tier=red", screen.Address);
        cut.WaitForAssertion(() => Assert.All(Rows(cut), r => Assert.Contains("红色", r.QuerySelector(".tier-badge")!.TextContent, StringComparison.Ordinal)), Soon);
        Assert.Equal("/incidents/export.csv?tier=red", cut.Find("a[download]").GetAttribute("href"));
    }

    [Fact]
    public async Task ClickingTheDueHeader_SortsInTheDatabase_AndTheAddressKeepsTheOrder()
    {
        foreach (var description in new[] { "小区门口乱停车", "宠物犬夜间吠叫", "楼道灯不亮" })
        {
            await fixture.ReportAsync(description);
        }

        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/incidents?state=reported");
        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);

        var header = cut.FindAll("th").Single(th => th.TextContent.Contains("办理时限", StringComparison.Ordinal));
        await header.QuerySelector(".sortable-column-header")!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("/incidents?state=reported&sort=due", screen.Address), Soon);
        var soonest = await fixture.App.Database.StringsAsync(
            "SELECT ticket_no FROM incidents WHERE state = 0 ORDER BY due_at IS NULL, due_at, id LIMIT 3");
        cut.WaitForAssertion(() => Assert.Equal(soonest, Rows(cut).Take(3).Select(Ticket)), Soon);
    }

    [Fact]
    public async Task ALiveChange_MovesItsRowInPlace_AndANewIncidentIsCountedNotInserted()
    {
        await fixture.ReportAsync("垃圾桶满溢无人清运");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/incidents");
        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);
        var group = Assert.Single(screen.Live.Open).Group;
        var first = cut.Instance.Rows.Rows[0];
        var tickets = Rows(cut).Select(Ticket).ToList();

        var now = DateTimeOffset.UtcNow;
        var changed = new LiveIncident(1, first.TicketNo, first.Title, "red", "handling", true, "overdue", first.CategoryName, first.CategoryNameEn,
            null, null, null, null, null, first.ReportedAt, now.AddMinutes(-5));
        screen.Live.Push(group, new LiveEvent(long.MaxValue - 10, "incident.changed", now, changed, null));

        cut.WaitForAssertion(() => Assert.Equal("Handling", Row(cut, first.TicketNo).QuerySelector("[data-state]")!.GetAttribute("data-state")), Soon);
        var row = Row(cut, first.TicketNo);
        Assert.Contains("红色", row.QuerySelector(".tier-badge")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("超期", row.QuerySelector(".timeliness")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("row-changed", row.ClassName, StringComparison.Ordinal);

        var report = await fixture.RaiseRedAlertAsync("楼道堆放大量易燃杂物");
        screen.Clock.Advance(LiveScreen.RenderGap);
        screen.Live.Push(group, report with { Type = "incident.created" });
        cut.WaitForAssertion(() => Assert.Contains("1 条新事件", cut.Find(".arrived").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(tickets, Rows(cut).Select(Ticket));

        await cut.Find(".arrived").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(report.Incident.Ticket, Ticket(Rows(cut)[0])), Soon);
        Assert.Empty(cut.FindAll(".arrived"));
        Assert.Empty(cut.FindAll("tr.row-changed"));
    }

    [Fact]
    public async Task ABadAddress_SaysWhichFieldIsWrong_AndListsEverythingInstead()
    {
        await fixture.RaiseRedAlertAsync("广告牌松动随时坠落");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/incidents?tier=purple&from=yesterday");
        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);

        var alert = cut.Find("[role=alert]").TextContent;
        Assert.Contains("tier", alert, StringComparison.Ordinal);
        Assert.Contains("'purple' is not one of", alert, StringComparison.Ordinal);
        Assert.Contains("from", alert, StringComparison.Ordinal);
        Assert.NotEmpty(Rows(cut));
    }

    [Fact]
    public async Task ALeader_ListsOnlyTheirStreet()
    {
        var streets = await fixture.App.Database.StringsAsync(
            "SELECT min(g.code) FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.level = 3 GROUP BY c.parent_id ORDER BY 1 LIMIT 3");
        foreach (var grid in streets)
        {
            await fixture.ReportAsync("公共绿地被占用种菜", grid);
        }

        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        screen.Navigation.NavigateTo("/incidents?pageSize=200");
        var cut = screen.Context.Render<IncidentListPage>();
        WaitUntilReady(cut);

        var street = (await fixture.App.Database.StringsAsync("SELECT a.name FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'leader'"))[0];
        var inStreet = await fixture.App.Database.CountAsync(
            "SELECT count(*) FROM incidents i JOIN users u ON u.user_name = 'leader' WHERE i.street_id = u.scope_area_id OR i.assignee_area_id = u.scope_area_id");
        Assert.NotEmpty(Rows(cut));
        Assert.All(Rows(cut), r => Assert.StartsWith(street, r.QuerySelectorAll("td")[5].TextContent.Trim(), StringComparison.Ordinal));
        Assert.Contains($"共 {inStreet} 件", cut.Find(".result-count").TextContent, StringComparison.Ordinal);
    }

    /// <summary>Waits for the grid's first page from the database (data-ready: the rows are drawn).</summary>
    private static void WaitUntilReady(IRenderedComponent<IncidentListPage> cut) =>
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".incident-list").GetAttribute("data-ready")), Soon);

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<IncidentListPage> cut) => [.. cut.FindAll("tbody tr.mud-table-row")];

    private static IElement Row(IRenderedComponent<IncidentListPage> cut, string ticket) => Rows(cut).Single(r => Ticket(r) == ticket);

    private static string Ticket(IElement row) => row.QuerySelector("code")!.TextContent;
}
