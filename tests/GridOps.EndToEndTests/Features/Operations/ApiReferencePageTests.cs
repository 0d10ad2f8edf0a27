using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Operations;

/// <summary>The API reference (Scalar at /api/docs) in a real browser: it renders GridOps' operations from
/// the document under its own strict script policy, with nothing the browser refused, and its screenshot.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ApiReferencePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheReference_ShowsTheIncidentOperations_WithoutAnyContentSecurityPolicyViolation()
    {
        var refused = new List<string>();
        var page = await fixture.OpenAsync("/api/docs/v1", 1440, 900, user: null);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };
        // The whole page again with the listener attached from the first byte.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("GridOps API").First).ToBeVisibleAsync();
        // Incidents come first and open; the other groups open on demand.
        await Assertions.Expect(page.GetByText("Report an incident").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Locate" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Which micro-grid, grid, community and street hold a point").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "api-docs-1440x900.png") });
        Assert.True(refused.Count == 0, "the browser refused: " + string.Join("\n", refused));
        await page.Context.CloseAsync();
    }
}
