using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Catalogue;

/// <summary>The departments page in a real browser: a department added there is listed, then retired (and looked at, on a laptop and a phone).</summary>
[Collection(BrowserGroup.Name)]
public sealed class DepartmentsPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnAdministrator_AddsADepartmentOnThePage_AndRetiresIt()
    {
        var page = await fixture.OpenAsync("/admin/departments", 1366, 900);
        await Assertions.Expect(page.Locator(".admin-departments[data-ready=true]")).ToBeVisibleAsync();

        await page.Locator("[data-field=code] input").FillAsync("HD-1");
        await page.Locator("[data-field=name] input").FillAsync("河道管理所");
        await page.Locator("[data-field=nameEn] input").FillAsync("River Management Office");
        await page.Locator("[data-action=add]").ClickAsync();

        // Over the circuit and into the database: on a busy machine that takes a while.
        await Assertions.Expect(page.Locator("tr[data-department='HD-1']")).ToContainTextAsync("所有辖区共用", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".change-message[role=status]")).ToContainTextAsync("HD-1");
        // Retired, it stays listed in its place (greyed) with a way back.
        await page.Locator("tr[data-department='HD-1'] [data-action=retire]").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-department='HD-1'][data-retired=true] [data-action=restore]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-departments-1366x900.png"), FullPage = true });
        await page.Context.CloseAsync();

        var phone = await fixture.OpenAsync("/admin/departments", 390, 844, mobile: true);
        await Assertions.Expect(phone.Locator("tr[data-department='HD-1'][data-retired=true]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-departments-390x844.png"), FullPage = true });
        await phone.Context.CloseAsync();
    }
}
