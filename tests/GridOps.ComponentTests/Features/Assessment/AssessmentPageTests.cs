using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Assessment.Pages;

namespace GridOps.ComponentTests.Features.Assessment;

/// <summary>The month's assessment as a circuit renders it over the demo district: drilling from a street to its communities.</summary>
public sealed class AssessmentPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DrillingIntoAStreet_ListsItsCommunitiesOnly_WithThePathBack()
    {
        var (street, community, grid) = await PlaceAsync("leader");
        await fixture.ReportAsync("小区路灯不亮", grid);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/assessment?level=Street");
        var cut = screen.Context.Render<AssessmentPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".assessment").GetAttribute("data-ready")), Soon);
        Assert.All(cut.Instance.Shown, r => Assert.Equal(GridOps.Web.Features.Assessment.AssessmentLevel.Street, r.Counts.Level));

        await cut.Find($"tr[data-unit='{street}'] .drill").ClickAsync(new());

        Assert.StartsWith("/assessment?month=", screen.Address, StringComparison.Ordinal);
        Assert.EndsWith($"&level=Community&parent={street}", screen.Address, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"tr[data-unit='{community}']")), Soon);
        var inStreet = await fixture.App.Database.StringsAsync($"SELECT c.code FROM areas c JOIN areas s ON s.id = c.parent_id WHERE s.code = '{street}'");
        Assert.All(cut.FindAll("tr[data-unit]"), r => Assert.Contains(r.GetAttribute("data-unit"), inStreet));
        var path = cut.Find(".drill-path");
        Assert.Contains("?month=", path.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("&level=Street", path.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains($"/incidents?area={community}&from=", cut.Find($"tr[data-unit='{community}'] th a").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADistrictsOwnLevelWords_NameTheLevelsAndTheDrill()
    {
        var (street, _, grid) = await PlaceAsync("leader");
        await fixture.ReportAsync("街角积水", grid);
        await using var words = await DistrictWords.UseAsync(fixture.App, """{"zh-CN": {"Street": "片区", "Community": "小区"}, "en": {"Street": "Borough", "Community": "Block"}}""");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "command");
        screen.Navigation.NavigateTo("/assessment?level=Street");
        var cut = screen.Context.Render<AssessmentPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".assessment").GetAttribute("data-ready")), Soon);

        // In the reader's language, whichever the test thread has.
        var drill = cut.Find($"tr[data-unit='{street}'] .drill").TextContent;
        Assert.True(drill.Contains("小区", StringComparison.Ordinal) || drill.Contains("Block", StringComparison.Ordinal), drill);
        var level = cut.Find("[data-choice=level] input").GetAttribute("value") ?? "";
        Assert.True(level.Contains("片区", StringComparison.Ordinal) || level.Contains("Borough", StringComparison.Ordinal), level);
    }

    [Fact]
    public async Task AnotherLeadersStreet_DrilledIntoByAddress_ListsNothing()
    {
        var (street, _, grid) = await PlaceAsync("leader");
        await fixture.ReportAsync("井盖破损", grid);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader2");
        screen.Navigation.NavigateTo($"/assessment?level=Community&parent={street}");
        var cut = screen.Context.Render<AssessmentPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".assessment").GetAttribute("data-ready")), Soon);

        Assert.Empty(cut.FindAll("tr[data-unit]"));
        Assert.NotEmpty(cut.FindAll(".empty"));
    }

    private async Task<(string Street, string Community, string Grid)> PlaceAsync(string leader)
    {
        var rows = await fixture.App.Database.StringsAsync($"""
            SELECT s.code || ' ' || c.code || ' ' || g.code FROM users u
            JOIN areas s ON s.id = u.scope_area_id JOIN areas c ON c.parent_id = s.id JOIN areas g ON g.parent_id = c.id
            WHERE u.user_name = '{leader}' ORDER BY c.code, g.code LIMIT 1
            """);
        var parts = rows[0].Split(' ');
        return (parts[0], parts[1], parts[2]);
    }
}
