using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests;

/// <summary>
/// Another GridOps on its own database and port, for pages that need other data or another clock
/// than the shared demo site: the real Hangzhou grids, or the demo district on a test's clock.
/// </summary>
public sealed class SecondSite : IAsyncDisposable
{
    private const string AdminName = "site-admin";
    private const string AdminPassword = "site-admin-password";

    private readonly TestDatabase _database;
    private readonly GridOpsAppFactory _app;

    private SecondSite(TestDatabase database, TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _database = database;
        _app = new GridOpsAppFactory(database.ConnectionString) { Time = time, Settings = settings ?? new Dictionary<string, string>() };
        BaseUrl = _app.StartOnLoopback();
    }

    public string BaseUrl { get; }

    public TestDatabase Database => _database;

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>The demo district on a clock the test moves; nothing scheduled runs by itself (the test ticks the day and sweeps).</summary>
    public static async Task<SecondSite> DemoAsync(TimeProvider time) =>
        new(await TestDatabase.CreateWithDemoAsync(), time, new Dictionary<string, string>
        {
            ["Alerts:Sweep"] = "false",
        });

    /// <summary>06:00 on the next working day after today, in the district's zone (a demo day starts there).</summary>
    public static DateTimeOffset NextWorkingDawn(WorkingCalendar calendar)
    {
        var day = calendar.LocalDate(DateTimeOffset.UtcNow).AddDays(1);
        while (!calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        var dawn = day.ToDateTime(new TimeOnly(6, 0));
        return new DateTimeOffset(dawn, calendar.Zone.GetUtcOffset(dawn));
    }

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

    /// <param name="user">A demo user (on a demo site), the site's administrator when null, or "" for nobody.</param>
    /// <param name="position">A faked GPS position (longitude, latitude) the page may read.</param>
    /// <param name="shownTime">Where the page's own clock starts (it then runs on, so charts still animate), to agree with the site's clock.</param>
    /// <param name="stopped">The page's clock stands still at <paramref name="shownTime"/> (no animations; for comparing times exactly).</param>
    public async Task<IPage> OpenAsync(IBrowser browser, string path, int width, int height, string? user = null, bool mobile = false,
        (double Lon, double Lat)? position = null, DateTimeOffset? shownTime = null, bool stopped = false, string locale = "zh-CN")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = user == "" ? null : await SessionOfAsync(browser, user ?? AdminName, user is null ? AdminPassword : AccessSeeder.DemoPassword),
            BaseURL = BaseUrl, Locale = locale, TimezoneId = "Asia/Shanghai", ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile, HasTouch = mobile,
            Geolocation = position is { } p ? new Geolocation { Longitude = (float)p.Lon, Latitude = (float)p.Lat, Accuracy = 12 } : null,
            Permissions = position is null ? [] : ["geolocation"],
        });
        var page = await context.NewPageAsync();
        if (shownTime is { } shown)
        {
            await page.Clock.InstallAsync(new() { TimeDate = shown.UtcDateTime.AddSeconds(stopped ? -1 : 0) });
            if (stopped)
            {
                await page.Clock.PauseAtAsync(shown.UtcDateTime);
            }
        }

        await page.GotoAsync(path);
        return page;
    }

    // One sign-in per user per site, through the real form; later pages reuse its cookie.
    private readonly Dictionary<string, string> _sessions = [];

    private async Task<string> SessionOfAsync(IBrowser browser, string user, string password)
    {
        if (!_sessions.TryGetValue(user, out var state))
        {
            state = _sessions[user] = await SignedInStateAsync(browser, BaseUrl, user, password);
        }

        return state;
    }

    /// <summary>Signs in through the real form in a context of its own; answers the cookies a page can start from.</summary>
    internal static async Task<string> SignedInStateAsync(IBrowser browser, string baseUrl, string user, string password)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in?returnUrl=%2Faccount");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form.stacked-form button[type=submit]");
        // The post answers with a redirect to /account: wait for that page itself (a load-state wait could see the
        // sign-in page's own, already fired, and time out on a busy machine, as it once did in CI).
        try
        {
            await page.WaitForURLAsync(url => url.EndsWith("/account", StringComparison.Ordinal), new() { Timeout = 60_000, WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (TimeoutException)
        {
            // Refused: the form came back with its error.
        }

        if (!page.Url.EndsWith("/account", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {user} ended at {page.Url}: {await page.InnerTextAsync("main")}");
        }

        return await context.StorageStateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
