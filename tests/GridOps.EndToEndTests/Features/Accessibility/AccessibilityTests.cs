using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridOps.EndToEndTests.Features.Accessibility;

/// <summary>Every page, as the person who uses it, checked by axe-core: no serious or critical violations.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string?, int> Pages => new()
    {
        { "/account/sign-in", null, 1366 },
        { "/report", null, 390 },
        { "/report/status", null, 390 },
        { "/m/report", "grid", 390 },
        { "/m/patrol", "grid", 390 },
        { "/map", "command", 1366 },
        { "/incidents", "command", 1366 },
        { "/incidents", "supervisor", 390 },
        { "/alerts", "supervisor", 1366 },
        { "/alerts", "supervisor", 390 },
        { "/township", "leader", 1366 },
        { "/township", "leader", 390 },
        { "/assessment", "command", 1366 },
        { "/grid-health", "admin", 1366 },
        { "/needs", "community", 1366 },
        { "/needs/units", "command", 1366 },
        { "/needs/joint-meeting", "command", 1366 },
        { "/account", "grid", 390 },
        { "/account", "command", 1366 },
        { "/device", null, 1366 },
        { "/not-found", "grid", 390 },
        { "/admin/users", "admin", 390 },
        { "/admin/users", "admin", 1366 },
        { "/admin/keys", "admin", 1366 },
        { "/admin/audit", "admin", 1366 },
        { "/admin/calendar", "admin", 1366 },
        { "/admin/calendar", "admin", 390 },
        { "/admin/departments", "admin", 1366 },
        { "/admin/departments", "admin", 390 },
        { "/admin/jobs", "admin", 1366 },
        { "/wall", "command", 1920 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public Task ThePage_HasNoSeriousOrCriticalAxeViolations(string path, string? user, int width) => CheckAsync(path, user, width);

    [Fact]
    public async Task AnIncidentsPage_AndASplitPreview_HaveNoSeriousOrCriticalAxeViolations()
    {
        var ticket = await fixture.ReportAsync("LT-2-1", "楼道堆放杂物，影响通行");
        var grid = (await fixture.Database!.StringsAsync("SELECT code FROM areas WHERE level = 3 AND households > 400 ORDER BY code LIMIT 1"))[0];

        await CheckAsync($"/incidents/{ticket}", "command", 1366);
        await CheckAsync($"/grid-health/split/{grid}", "admin", 1366);
    }

    private async Task CheckAsync(string path, string? user, int width)
    {
        var page = await fixture.OpenAsync(path, width, width < 600 ? 844 : width > 1500 ? 1080 : 768, mobile: width < 600, user: user);
        // The live pages never go network-idle (they hold a WebSocket): the document's load is enough.
        await page.WaitForLoadStateAsync(LoadState.Load);
        // An interactive screen is checked once its circuit has drawn it (data-ready); until then the head is
        // being handed from the prerendered page to the circuit, and the title may be missing for a moment.
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-ready]') || document.querySelector('[data-ready=true]')",
            null, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("title")).Not.ToBeEmptyAsync();

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var violation in serious)
        {
            output.WriteLine($"{violation.Impact} {violation.Id}: {violation.Help}");
            foreach (var node in violation.Nodes.Take(5))
            {
                output.WriteLine($"    {node.Target}: {node.Html}");
            }
        }

        // Every page as its user sees it, for a person to look at beside axe's verdict.
        var name = string.Concat(path.Trim('/').Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"page-{(name.Length == 0 ? "home" : name)}-{width}.png"), FullPage = true });
        await page.Context.CloseAsync();
        Assert.True(serious.Count == 0, $"{path}: {string.Join(", ", serious.Select(v => v.Id))}");
    }
}
