using AngleSharp.Dom;
using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Needs;
using GridOps.Web.Features.Needs.Pages;
using MudBlazor;

namespace GridOps.ComponentTests.Features.Needs;

/// <summary>The needs list as a circuit renders it over the demo district: listed in a dialog, claimed by a unit, solved; a race on one need.</summary>
public sealed class NeedsPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ACommunity_ListsANeed_AUnitClaimsIt_AndItIsSolved()
    {
        var unit = await UnitAsync("区供电公司");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "community");
        var popovers = screen.Context.Render<MudPopoverProvider>();
        var dialogs = screen.Context.Render<MudDialogProvider>();
        var cut = Render(screen);
        var solvedBefore = int.Parse(cut.Find("[data-testid=needs-solved]").TextContent, System.Globalization.CultureInfo.InvariantCulture);

        await cut.Find(".add-need").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog-actions button")), Soon);
        Assert.True(Send(dialogs).HasAttribute("disabled"));
        await MudInteractions.ChooseAsync(dialogs.FindAll(".mud-select .mud-input-control")[1], popovers, "养老助老");
        await dialogs.FindAll("input").Single(i => i.GetAttribute("maxlength") == NeedsService.MaxTitle.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .InputAsync(new() { Value = "老旧小区楼道灯更换" });
        dialogs.WaitForAssertion(() => Assert.False(Send(dialogs).HasAttribute("disabled")), Soon);
        await Send(dialogs).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("需求已列入清单。", cut.Find("[role=status]").TextContent.Trim()), Soon);
        var row = Row(cut, "老旧小区楼道灯更换");
        await MudInteractions.ChooseAsync(row.QuerySelector(".mud-select .mud-input-control")!, popovers, unit);
        cut.WaitForAssertion(() => Assert.False(Button(Row(cut, "老旧小区楼道灯更换"), "认领").HasAttribute("disabled")), Soon);
        await Button(Row(cut, "老旧小区楼道灯更换"), "认领").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("已认领。", cut.Find("[role=status]").TextContent.Trim()), Soon);

        await Row(cut, "老旧小区楼道灯更换").QuerySelector("input")!.InputAsync(new() { Value = "更换 24 盏声控灯" });
        cut.WaitForAssertion(() => Assert.False(Button(Row(cut, "老旧小区楼道灯更换"), "标记已解决").HasAttribute("disabled")), Soon);
        await Button(Row(cut, "老旧小区楼道灯更换"), "标记已解决").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("已标记解决。", cut.Find("[role=status]").TextContent.Trim()), Soon);
        Assert.Equal((solvedBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=needs-solved]").TextContent);
        Assert.Contains("更换 24 盏声控灯", Row(cut, "老旧小区楼道灯更换").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoScreensClaimOneNeed_TheSecondIsToldItMovedAndNothingIsOverwritten()
    {
        var first = await UnitAsync("区自来水公司");
        var second = await UnitAsync("区图书馆");
        var service = fixture.App.Service<NeedsService>();
        var community = (await fixture.App.Database.StringsAsync(
            "SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'community'"))[0];
        Assert.True((await service.ListAsync(Viewer.System, new NeedDraft(community, NeedKind.Health, "独居老人上门体检", null, service.Today.AddDays(20)), CancellationToken.None)).Done);

        await using var one = await ScreenContext.CreateAsync(fixture.App, "community");
        await using var two = await ScreenContext.CreateAsync(fixture.App, "command");
        var onePopovers = one.Context.Render<MudPopoverProvider>();
        var twoPopovers = two.Context.Render<MudPopoverProvider>();
        var a = Render(one);
        var b = Render(two);

        await MudInteractions.ChooseAsync(Row(a, "独居老人上门体检").QuerySelector(".mud-select .mud-input-control")!, onePopovers, first);
        await MudInteractions.ChooseAsync(Row(b, "独居老人上门体检").QuerySelector(".mud-select .mud-input-control")!, twoPopovers, second);
        await Button(Row(a, "独居老人上门体检"), "认领").ClickAsync(new());
        a.WaitForAssertion(() => Assert.Equal("已认领。", a.Find("[role=status]").TextContent.Trim()), Soon);
        await Button(Row(b, "独居老人上门体检"), "认领").ClickAsync(new());

        b.WaitForAssertion(() => Assert.Contains("刚被别人处理过", b.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        Assert.Contains(first, Row(b, "独居老人上门体检").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM needs n JOIN co_building_units u ON u.id = n.unit_id WHERE n.title = '独居老人上门体检' AND u.name = '{first}'"));
    }

    [Fact]
    public async Task TheCentre_RegistersAUnit_AndWhatItOffers()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/needs/units");
        var cut = screen.Context.Render<UnitsPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".units").GetAttribute("data-ready")), Soon);
        var register = cut.Find(".add-unit").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "登记");
        Assert.True(register.HasAttribute("disabled"));

        await cut.Find(".add-unit input").InputAsync(new() { Value = "区红十字会" });
        cut.WaitForAssertion(() => Assert.False(cut.Find(".add-unit").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "登记").HasAttribute("disabled")), Soon);
        await cut.Find(".add-unit").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "登记").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".unit-card h2"), h => h.TextContent == "区红十字会"), Soon);

        var card = cut.FindAll(".unit-card").Single(c => c.QuerySelector("h2")!.TextContent == "区红十字会");
        await card.QuerySelectorAll(".resource-form input")[^1].InputAsync(new() { Value = "急救培训每月两次" });
        cut.WaitForAssertion(() => Assert.False(Card(cut, "区红十字会").QuerySelectorAll(".resource-form button").Single().HasAttribute("disabled")), Soon);
        await Card(cut, "区红十字会").QuerySelectorAll(".resource-form button").Single().ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("急救培训每月两次", Card(cut, "区红十字会").QuerySelector("ul")!.TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            "SELECT count(*) FROM unit_resources r JOIN co_building_units u ON u.id = r.unit_id WHERE u.name = '区红十字会' AND r.title = '急救培训每月两次'"));
    }

    private static IElement Card(IRenderedComponent<UnitsPage> cut, string name) =>
        cut.FindAll(".unit-card").Single(c => c.QuerySelector("h2")!.TextContent == name);

    [Fact]
    public async Task TheDistrictsOwnWordForACommunity_HeadsTheNeedsTables()
    {
        // A need of its own, so the table is there whichever test of this class runs first (alone it had none).
        var service = fixture.App.Service<NeedsService>();
        var community = (await fixture.App.Database.StringsAsync(
            "SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'community'"))[0];
        Assert.True((await service.ListAsync(Viewer.System, new NeedDraft(community, NeedKind.Health, "楼道扶手加装", null, service.Today.AddDays(20)), CancellationToken.None)).Done);
        await using var words = await DistrictWords.UseAsync(fixture.App, """{"zh-CN": {"Community": "小区"}, "en": {"Community": "Block"}}""");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "community");
        var cut = Render(screen);

        var headings = cut.FindAll("th[scope=col]").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains(headings, h => h is "小区" or "Block");
        Assert.DoesNotContain(headings, h => h is "社区" or "Community");
    }

    private static IRenderedComponent<NeedsPage> Render(ScreenContext screen)
    {
        screen.Navigation.NavigateTo("/needs");
        var cut = screen.Context.Render<NeedsPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".needs").GetAttribute("data-ready")), Soon);
        return cut;
    }

    private async Task<string> UnitAsync(string name)
    {
        var outcome = await fixture.App.Service<NeedsService>().AddUnitAsync(Viewer.System, name, null, CancellationToken.None);
        Assert.True(outcome.Done || outcome.Errors.ContainsKey("name"));
        return name;
    }

    private static IElement Row(IRenderedComponent<NeedsPage> cut, string title) =>
        cut.FindAll("tr[data-need]").Single(r => r.TextContent.Contains(title, StringComparison.Ordinal));

    private static IElement Button(IElement row, string name) => row.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == name);

    private static IElement Send(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "列入清单");
}
