using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Assessment;

/// <summary>The Jobs page and the monthly assessment in a real browser, with their screenshots.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ScheduledWorkPagesTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    private static ILocator Job(IPage page, string name) => page.Locator("tr", new() { Has = page.Locator($"td[data-job='{name}']") });

    [Fact]
    public async Task AnAdministrator_SeesEveryJob_AndRunsOneNow()
    {
        var page = await fixture.OpenAsync("/admin/jobs", 1440, 900);
        await Assertions.Expect(page.Locator(".admin-jobs[data-ready=true]")).ToBeVisibleAsync();
        var sweep = Job(page, "deadline-sweep");
        // The sweep runs every second: its last run has succeeded, or (on a busy machine, often) is running right now.
        await Assertions.Expect(sweep).ToContainTextAsync(new Regex("成功|运行中"));
        foreach (var job in new[] { "assessment-freeze", "assessment-mid-month", "assessment-month-end", "live-prune" })
        {
            await Assertions.Expect(Job(page, job)).ToBeVisibleAsync();
        }

        await Job(page, "assessment-month-end").GetByRole(AriaRole.Button, new() { Name = "立即运行 assessment-month-end" }).ClickAsync();
        await Assertions.Expect(page.Locator(".change-message[role=status]")).ToContainTextAsync("assessment-month-end");
        await page.ScreenshotAsync(new() { Path = Shot("admin-jobs-1440x900.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDashboard_ShowsEveryRecurringJob_AndIsReadOnlyForTheCommandCentre()
    {
        var page = await fixture.OpenAsync("/admin/jobs", 1440, 900);
        await page.GetByRole(AriaRole.Link, new() { Name = "打开任务面板（Hangfire） →" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/hangfire/recurring");
        foreach (var job in new[] { "deadline-sweep", "assessment-freeze", "assessment-mid-month", "assessment-month-end", "live-prune", "patrol-plan" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = job, Exact = true })).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("button.js-jobs-list-command").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("admin-hangfire-1440x900.png"), FullPage = true });
        await page.Context.CloseAsync();

        var command = await fixture.OpenAsync("/admin/hangfire/recurring", 1366, 768, user: "command");
        await Assertions.Expect(command.GetByRole(AriaRole.Cell, new() { Name = "deadline-sweep", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(command.Locator("button.js-jobs-list-command")).ToHaveCountAsync(0);
        await command.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCommandCentre_ReadsTheMonthsAssessment_AndDrillsDownToTheIncidents()
    {
        var grid = (await fixture.Database!.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
        var street = (await fixture.Database.StringsAsync($"SELECT s.code FROM areas g JOIN areas c ON c.id = g.parent_id JOIN areas s ON s.id = c.parent_id WHERE g.code = '{grid}'"))[0];
        var ticket = await fixture.ReportAsync(grid, "小区路灯不亮");
        var page = await fixture.OpenAsync("/assessment?level=Street", 1440, 900, user: "command");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("月度考核");
        // The drill button works once the circuit has drawn the page (a press on the prerendered page is lost on a busy machine).
        await Assertions.Expect(page.Locator(".assessment[data-ready=true]")).ToHaveCountAsync(1);
        // The chart island draws the level's scores (a canvas), beside the table's numbers.
        await Assertions.Expect(page.Locator(".assessment-chart-panel .chart[data-ready=true] canvas")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("assessment-1440x900.png"), FullPage = true });
        // The street's row counts the incident just reported; its name opens the incidents behind the numbers.
        var row = page.Locator($"tr[data-unit='{street}']");
        await Assertions.Expect(row).ToContainTextAsync("÷");
        // Drill into the street: its communities only, with the path back above them.
        var community = (await fixture.Database.StringsAsync($"SELECT c.code FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.code = '{grid}'"))[0];
        await row.Locator(".drill").ClickAsync();
        await page.WaitForURLAsync($"**/assessment?month=*&level=Community&parent={street}");
        var communityRow = page.Locator($"tr[data-unit='{community}']");
        await Assertions.Expect(communityRow).ToContainTextAsync("÷");
        await Assertions.Expect(page.Locator(".drill-path")).ToBeVisibleAsync();
        var inStreet = await fixture.Database.StringsAsync($"SELECT c.code FROM areas c JOIN areas s ON s.id = c.parent_id WHERE s.code = '{street}'");
        Assert.All(await page.Locator("tr[data-unit]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)"), unit => Assert.Contains(unit, inStreet));
        await communityRow.Locator("th a").ClickAsync();
        await page.WaitForURLAsync($"**/incidents?area={community}*");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = ticket })).ToBeVisibleAsync();

        await page.Context.CloseAsync();
    }
}
