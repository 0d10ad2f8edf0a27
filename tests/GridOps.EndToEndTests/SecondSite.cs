using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests;

/// <summary>
/// Another GridOps on its own database and port, for pages that need other data than the demo
/// district (the real Hangzhou grids); signed in as an administrator created for it.
/// </summary>
public sealed class SecondSite : IAsyncDisposable
{
    private const string AdminName = "site-admin";
    private const string AdminPassword = "site-admin-password";

    private readonly TestDatabase _database;
    private readonly GridOpsAppFactory _app;

    private SecondSite(TestDatabase database)
    {
        _database = database;
        _app = new GridOpsAppFactory(database.ConnectionString);
        BaseUrl = _app.StartOnLoopback();
    }

    public string BaseUrl { get; }

    /// <summary>The real Xiacheng district from ../shared/data, imported with its mapping.</summary>
    public static async Task<SecondSite> HangzhouAsync()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        await HangzhouData.ImportAsync(database);
        var site = new SecondSite(database);
        await site._app.Services.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(AdminName, "区管理员", AdminPassword, AccessRole.Administrator, null, null), "test", CancellationToken.None);
        return site;
    }

    public async Task<IPage> OpenAsync(IBrowser browser, string path, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in?returnUrl=%2Faccount");
        await page.FillAsync("#userName", AdminName);
        await page.FillAsync("#password", AdminPassword);
        await page.ClickAsync("form.stacked-form button[type=submit]");
        await page.WaitForURLAsync("**/account");
        await page.GotoAsync(path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
