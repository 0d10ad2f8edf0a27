using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Incidents.Detail;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GridOps.ComponentTests.Features.Incidents;

/// <summary>
/// One incident as a circuit renders it over the demo district: the actions this viewer may take,
/// each in a dialog that validates before it sends, the version check, and what others do shown live.
/// </summary>
public sealed class IncidentDetailPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptThenDispatch_EachInItsDialog_MoveTheIncident_AndOnlyLegalActionsAreOffered()
    {
        var ticket = await fixture.ReportAsync("<script>alert('xss')</script>垃圾堆放");
        var community = (await fixture.App.Database.StringsAsync("SELECT code FROM areas WHERE level = 2 ORDER BY code LIMIT 1"))[0];
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        var (cut, dialogs) = Render(screen, ticket);

        Assert.Contains("<script>alert('xss')</script>垃圾堆放", cut.Find(".description").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(ActionNames(cut), n => n == "核查结案");
        await Press(cut, "受理");
        await SendInDialogAsync(dialogs, "受理");
        cut.WaitForAssertion(() => Assert.Equal("已受理", cut.Find(".state-badge").TextContent), Soon);
        Assert.Contains("已完成：受理", cut.Find("[role=status]").TextContent, StringComparison.Ordinal);

        await Press(cut, "分派");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("input")), Soon);
        await dialogs.Find("input").InputAsync(new() { Value = community });
        await SendButton(dialogs, "分派").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("已分派", cut.Find(".state-badge").TextContent), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM incidents i JOIN areas a ON a.id = i.assignee_area_id WHERE i.ticket_no = '{ticket}' AND a.code = '{community}'"));
        Assert.Equal(3, cut.FindAll(".timeline li").Count);
        Assert.Equal("3", cut.Find(".incident-detail").GetAttribute("data-version"));
    }

    [Fact]
    public async Task TheDispatchDialog_OffersTheDistrictsOwnAndSharedDepartments_NotARetiredOne()
    {
        var ticket = await fixture.ReportAsync("河道漂浮物");
        await Act(ticket, 1, IncidentAction.Accept);
        await fixture.App.Database.ExecuteAsync("""
            INSERT INTO departments (code, name, name_en, district_id, retired_at) VALUES
                ('OWN-RIVER', '区河道所', 'River Office', (SELECT district_id FROM incidents ORDER BY id LIMIT 1), NULL),
                ('GONE-BUREAU', '已撤并局', 'Merged Bureau', NULL, now())
            ON CONFLICT DO NOTHING
            """);
        fixture.App.Service<GridOps.Web.Features.Catalogue.CatalogueQueries>().Invalidate();
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        var (cut, dialogs) = Render(screen, ticket);

        await Press(cut, "分派");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".department-picker label")), Soon);
        var offered = dialogs.FindAll(".department-picker label").Select(l => l.TextContent.Trim()).ToList();
        // Named in the reader's language (either, depending on the test thread's culture).
        Assert.Contains(offered, l => l is "区河道所" or "River Office");
        Assert.Contains(offered, l => l is "城市管理局" or "City Management Bureau");
        Assert.DoesNotContain(offered, l => l is "已撤并局" or "Merged Bureau");
    }

    [Fact]
    public async Task AWrongAreaCode_IsNamedInTheDialog_WhichStaysOpen_AndNothingIsStored()
    {
        var ticket = await fixture.ReportAsync("路面塌陷");
        await Act(ticket, 1, IncidentAction.Accept);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        var (cut, dialogs) = Render(screen, ticket);

        await Press(cut, "分派");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("input")), Soon);
        await dialogs.Find("input").InputAsync(new() { Value = "NO-SUCH-AREA" });
        dialogs.WaitForAssertion(() => Assert.False(SendButton(dialogs, "分派").HasAttribute("disabled")), Soon);
        await SendButton(dialogs, "分派").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("NO-SUCH-AREA", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        Assert.Contains("areaCode", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await fixture.App.Database.CountAsync($"SELECT version FROM incidents WHERE ticket_no = '{ticket}'"));
    }

    [Fact]
    public async Task AVoid_WaitsForItsReason_AndTwoScreensOnOneVersion_TellTheSecondWhoActedFirst()
    {
        var ticket = await fixture.ReportAsync("共享单车乱停放");
        await using var first = await ScreenContext.CreateAsync(fixture.App, "command");
        await using var second = await ScreenContext.CreateAsync(fixture.App, "supervisor");
        var (one, oneDialogs) = Render(first, ticket);
        var (two, twoDialogs) = Render(second, ticket);

        await Press(one, "受理");
        await SendInDialogAsync(oneDialogs, "受理");
        one.WaitForAssertion(() => Assert.Equal("已受理", one.Find(".state-badge").TextContent), Soon);

        // The second screen still shows version 1 (no event reached it): its void is refused, and it says by whom.
        await Press(two, "作废");
        twoDialogs.WaitForAssertion(() => Assert.NotEmpty(twoDialogs.FindAll("textarea")), Soon);
        Assert.True(SendButton(twoDialogs, "作废").HasAttribute("disabled"));
        await twoDialogs.Find("textarea").InputAsync(new() { Value = "重复上报" });
        twoDialogs.WaitForAssertion(() => Assert.False(SendButton(twoDialogs, "作废").HasAttribute("disabled")), Soon);
        await SendButton(twoDialogs, "作废").ClickAsync(new());

        two.WaitForAssertion(() => Assert.Contains("刚被他人办理过", two.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        var alert = two.Find("[role=alert]").TextContent;
        Assert.Contains("(command)", alert, StringComparison.Ordinal);
        Assert.Contains("受理", alert, StringComparison.Ordinal);
        Assert.Equal("已受理", two.Find(".state-badge").TextContent);
        Assert.Equal(0, await fixture.App.Database.CountAsync($"SELECT count(*) FROM incidents WHERE ticket_no = '{ticket}' AND state = 9"));
    }

    [Fact]
    public async Task WhatSomeoneElseDoes_ShowsWithoutAReload()
    {
        var ticket = await fixture.ReportAsync("楼道堆放杂物");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        var (cut, _) = Render(screen, ticket);
        Assert.Contains(ActionNames(cut), n => n == "受理");

        var changed = await Act(ticket, 1, IncidentAction.Accept);
        var live = new LiveIncident(changed.Id, ticket, changed.Title, "green", "accepted", true, "onTime", "", "", null, null, null, null, null,
            changed.ReportedAt, changed.DueAt);
        screen.Live.Push(Assert.Single(screen.Live.Open).Group, new LiveEvent(long.MaxValue - 20, "incident.changed", DateTimeOffset.UtcNow, live, null));

        cut.WaitForAssertion(() => Assert.Equal("已受理", cut.Find(".state-badge").TextContent), Soon);
        Assert.DoesNotContain(ActionNames(cut), n => n == "受理");
        Assert.Equal(2, cut.FindAll(".timeline li").Count);
    }

    [Fact]
    public async Task AReportBack_TakesItsPhotoToTheIncident_AndATooLargePhotoIsRefusedByName()
    {
        var ticket = await fixture.ReportAsync("人行道护栏倒伏");
        var community = (await fixture.App.Database.StringsAsync("SELECT code FROM areas WHERE level = 2 ORDER BY code LIMIT 1"))[0];
        var handler = fixture.App.Service<ChangeIncidentHandler>();
        foreach (var (version, action, area) in new[] { (1, "accept", (string?)null), (2, "dispatch", community), (3, "startHandling", null) })
        {
            var request = new IncidentActionRequest(version, null, null, area, null, null, null, null, null, null, null, null);
            Assert.Equal(ChangeStatus.Changed, (await handler.HandleAsync(ticket, action, request, [], Viewer.System, CancellationToken.None)).Status);
        }

        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var (cut, dialogs) = Render(screen, ticket);
        await Press(cut, "反馈");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("textarea")), Soon);
        await dialogs.Find("textarea").InputAsync(new() { Value = "护栏已扶正加固" });
        var tooLarge = new byte[GridOps.Web.Features.Incidents.PhotoUpload.MaxBytes + 1];
        Png.CopyTo(tooLarge, 0);
        dialogs.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(tooLarge, "huge.png", contentType: "image/png"));
        dialogs.WaitForAssertion(() => Assert.Contains("huge.png", dialogs.Markup, StringComparison.Ordinal), Soon);
        await SendButton(dialogs, "反馈").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("photos", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(4, await fixture.App.Database.CountAsync($"SELECT version FROM incidents WHERE ticket_no = '{ticket}'"));

        dialogs.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Png, "scene.png", contentType: "image/png"));
        dialogs.WaitForAssertion(() => Assert.Contains("scene.png", dialogs.Markup, StringComparison.Ordinal), Soon);
        await SendButton(dialogs, "反馈").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("待核查", cut.Find(".state-badge").TextContent), Soon);
        Assert.Single(cut.FindAll(".photos img"));
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM photos p JOIN incidents i ON i.id = p.incident_id WHERE i.ticket_no = '{ticket}' AND p.content_type = 'image/png'"));
    }

    [Fact]
    public async Task AnIncidentOfADistrictWithItsOwnZone_ReadsInThatDistrictsTime_AndSaysSo()
    {
        var ticket = await fixture.ReportAsync("路灯不亮");
        var district = (await fixture.App.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 ORDER BY id LIMIT 1"))[0];
        var zones = fixture.App.Service<GridOps.Web.Features.Districts.DistrictZones>();
        await fixture.App.Database.ExecuteAsync($"INSERT INTO district_settings (district_code, time_zone) VALUES ('{district}', 'America/New_York')");
        zones.Forget();
        try
        {
            var reported = (await fixture.App.Service<IncidentQueries>().FindAsync(ticket, Viewer.System, CancellationToken.None))!.ReportedAt;
            await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
            var (cut, _) = Render(screen, ticket);

            var newYork = TimeZoneInfo.ConvertTime(reported, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
            var facts = cut.Find(".facts").TextContent;
            Assert.Contains(newYork.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " (America/New_York)", facts, StringComparison.Ordinal);
            Assert.Equal(newYork.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), cut.Find(".timeline time").GetAttribute("datetime"));
        }
        finally
        {
            await fixture.App.Database.ExecuteAsync($"DELETE FROM district_settings WHERE district_code = '{district}'");
            zones.Forget();
        }
    }

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static (IRenderedComponent<IncidentDetailPage> Page, IRenderedComponent<MudDialogProvider> Dialogs) Render(ScreenContext screen, string ticket)
    {
        var dialogs = screen.Context.Render<MudDialogProvider>();
        var cut = screen.Context.Render<IncidentDetailPage>(p => p.Add(x => x.TicketNo, ticket));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".incident-detail").GetAttribute("data-ready")), Soon);
        return (cut, dialogs);
    }

    private static IEnumerable<string> ActionNames(IRenderedComponent<IncidentDetailPage> cut) =>
        cut.FindAll(".action-buttons button").Select(b => b.TextContent.Trim());

    private static Task Press(IRenderedComponent<IncidentDetailPage> cut, string name) =>
        cut.FindAll(".action-buttons button").Single(b => b.TextContent.Trim() == name).ClickAsync(new());

    private static AngleSharp.Dom.IElement SendButton(IRenderedComponent<MudDialogProvider> dialogs, string name) =>
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == name);

    private static async Task SendInDialogAsync(IRenderedComponent<MudDialogProvider> dialogs, string name)
    {
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog-actions button")), Soon);
        await SendButton(dialogs, name).ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog-actions")), Soon);
    }

    private async Task<Incident> Act(string ticket, int version, IncidentAction action)
    {
        var outcome = await fixture.App.Service<ChangeIncidentHandler>().HandleAsync(ticket, version,
            new IncidentCommand(action, "值班员(command)", null), [], Viewer.System, CancellationToken.None);
        Assert.Equal(ChangeStatus.Changed, outcome.Status);
        return outcome.Incident!;
    }
}
