using GridOps.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests;

/// <summary>
/// One GridOps on a real loopback port over the demo district, and Debian's Chromium driven by
/// Playwright. Shared by the browser tests; each test opens its own context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private GridOpsAppFactory? _app;

    public TestDatabase? Database { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder => Directory.CreateDirectory(Path.Combine(SharedData.RepositoryRoot, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // Every expectation waits up to 10 s, not Playwright's 5: the CI machine has two cores and runs
        // an app, PostgreSQL and Chromium at once. Speed is measured by the benchmarks, never here.
        Assertions.SetDefaultExpectTimeout(10_000);
        Database = await TestDatabase.CreateWithDemoAsync();
        _app = new GridOpsAppFactory(Database.ConnectionString);
        BaseUrl = _app.StartOnLoopback();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("GRIDOPS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh browser context in Chinese (the default UI language) at the given size.</summary>
    /// <param name="position">A faked GPS position (longitude, latitude) the page may read.</param>
    /// <param name="user">A demo user to be signed in as (admin, command, supervisor, leader, leader2, community, grid, dept), or null for nobody.</param>
    public async Task<IPage> OpenAsync(string path, int width = 1920, int height = 1080, string locale = "zh-CN", bool mobile = false,
        (double Lon, double Lat)? position = null, string? user = "admin")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = user is null ? null : await SessionOfAsync(user),
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = mobile,
            HasTouch = mobile,
            Geolocation = position is { } p ? new Geolocation { Longitude = (float)p.Lon, Latitude = (float)p.Lat, Accuracy = 12 } : null,
            Permissions = position is null ? [] : ["geolocation"],
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>A service of the running app (to arrange what a test needs, as a scheduled job would).</summary>
    public T Service<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    /// <summary>Reports an incident through the 12345 gateway's key at a grid's label point; answers its ticket.</summary>
    public async Task<string> ReportAsync(string gridCode, string description, string category = "dispute.neighbour", string? baseUrl = null)
    {
        var (lon, lat) = await Database!.LabelPointAsync(gridCode);
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl ?? BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", GridOps.Web.Features.Access.AccessSeeder.DemoHotlineKey);
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/incidents", new { category, description, lon, lat });
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    // One sign-in per demo user per run, through the real form; later pages reuse its cookie.
    private readonly Dictionary<string, string> _sessions = [];

    /// <summary>A demo user's signed-in browser state (the session cookie holds on any port of 127.0.0.1, so on any node of the test database).</summary>
    public async Task<string> SessionOfAsync(string user)
    {
        if (!_sessions.TryGetValue(user, out var state))
        {
            state = _sessions[user] = await SecondSite.SignedInStateAsync(Browser, BaseUrl, user, GridOps.Web.Features.Access.AccessSeeder.DemoPassword);
        }

        return state;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
