using GridOps.Web.Components.Layout;
using GridOps.Web.Features.Access;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Screens;

/// <summary>The interactive screens' shell in a real browser: the drawer at a laptop's and a phone's size, and the language switch.</summary>
[Collection(BrowserGroup.Name)]
public sealed class OperatorShellTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    /// <summary>Every destination an administrator may use: the same list the drawer draws from.</summary>
    private static int AdministratorsDestinations =>
        Destinations.For(new Viewer(PrincipalKind.User, 1, "admin", "admin", AccessRole.Administrator, AccessScope.Everything)).Count();

    [Fact]
    public async Task OnALaptop_TheDrawerStaysOpen_WithEveryDestinationInView()
    {
        var page = await fixture.OpenAsync("/alerts", 1366, 768, user: "admin");
        await Assertions.Expect(page.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var links = page.Locator("#app-drawer nav a");
        await Assertions.Expect(links).ToHaveCountAsync(AdministratorsDestinations);
        // All of them without scrolling: the last one's bottom is inside the window.
        var last = await links.Last.BoundingBoxAsync();
        Assert.True(last!.Y + last.Height <= 768, $"the last destination ends at {last.Y + last.Height} px");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhone_TheDrawerWaitsBehindTheMenuButton_AndOpensOverThePage()
    {
        var page = await fixture.OpenAsync("/alerts", 390, 844, mobile: true, user: "supervisor");
        await Assertions.Expect(page.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var alerts = page.Locator("#app-drawer nav a", new() { HasText = "告警" });
        await Assertions.Expect(alerts).Not.ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Shot("alerts-phone-390x844.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "主导航" }).ClickAsync();
        await Assertions.Expect(alerts).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Shot("drawer-phone-390x844.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheLanguageLink_ReopensTheScreenInEnglish_MudBlazorsWordsIncluded()
    {
        var page = await fixture.OpenAsync("/township", 1366, 768, user: "leader");
        await Assertions.Expect(page.Locator(".township[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator(".township[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Township view");
        await Assertions.Expect(page.Locator(".counts-table tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("township-en-1366x768.png") });
        await page.Context.CloseAsync();
    }
}
