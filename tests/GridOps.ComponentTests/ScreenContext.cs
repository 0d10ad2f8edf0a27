using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Bunit;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace GridOps.ComponentTests;

/// <summary>
/// A bUnit context set up as the server sets up a circuit: MudBlazor, the UI text in a chosen
/// language, a demo user signed in, the real app's services over a real database, and a live
/// stream and a wall clock the test drives.
/// </summary>
internal sealed class ScreenContext : IAsyncDisposable
{
    private ScreenContext(BunitContext context, FakeLiveSubscriptions live, FakeTimeProvider clock)
    {
        Context = context;
        Live = live;
        Clock = clock;
    }

    public BunitContext Context { get; }

    public FakeLiveSubscriptions Live { get; }

    /// <summary>The wall clock that paces live renders: it moves only when the test advances it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The page's title as the browser tab shows it (a HeadOutlet rendered beside the page).</summary>
    public string Title => _head!.Find("title").TextContent;

    private IRenderedComponent<Microsoft.AspNetCore.Components.Web.HeadOutlet>? _head;

    /// <summary>Waits until the title passes the assertion: the head renders on its own, after the page that changed it.</summary>
    public void WaitForTitle(Action<string> assertion) => _head!.WaitForAssertion(() => assertion(Title), TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => Context.DisposeAsync();

    /// <summary>Where the screen's browser is (the address bar), relative to the site.</summary>
    public string Address => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    public Microsoft.AspNetCore.Components.NavigationManager Navigation =>
        Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

    public static async Task<ScreenContext> CreateAsync(TestApp app, string userName, string culture = "zh-CN")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        // The alert console's browser module: the chime is on, and a chosen card is always in view (no layout here to scroll).
        var console = ctx.JSInterop.SetupModule("./assets/alert-console.js");
        console.Mode = JSRuntimeMode.Loose;
        console.Setup<bool>("enabled").SetResult(true);
        console.Setup<bool>("focusCard", _ => true).SetResult(true);
        // Script islands (the incident's point map) are asked for by name; here there is no browser to draw them.
        ctx.JSInterop.SetupModule("./assets/islands.js").Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        ctx.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        var live = new FakeLiveSubscriptions();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ctx.Services.AddSingleton<GridOps.Web.Realtime.ILiveSubscriptions>(live);
        ctx.Services.AddKeyedSingleton<TimeProvider>(GridOps.Web.Platform.WallClock.Key, clock);
        ctx.Services.AddSingleton(app.Service<TimeProvider>());
        // The app's own services, as the circuit would get them (the real database behind them).
        foreach (var service in new[]
        {
            typeof(GridOps.Web.Realtime.LiveFeedReader),
            typeof(GridOps.Web.Features.Alerts.AlertActions),
            typeof(GridOps.Web.Features.Hierarchy.AreaQueries),
            typeof(GridOps.Web.Features.Township.TownshipQueries),
            typeof(GridOps.Web.Features.Live.LiveKpiQueries),
            typeof(GridOps.Web.Features.Incidents.ChangeIncidentHandler),
            typeof(GridOps.Web.Features.Incidents.IncidentQueries),
            typeof(GridOps.Web.Features.Catalogue.CatalogueQueries),
            typeof(GridOps.Web.Features.Assessment.AssessmentStore),
            typeof(GridOps.Web.Features.Needs.NeedsService),
            typeof(GridOps.Web.Features.Needs.NeedsQueries),
            typeof(GridOps.Web.Features.Access.AuditQueries),
            typeof(Microsoft.EntityFrameworkCore.IDbContextFactory<GridOps.Web.Data.GridOpsDbContext>),
            typeof(GridOps.Web.Features.Access.UserAccounts),
            typeof(GridOps.Web.Features.GridHealth.GridSplitter),
            typeof(GridOps.Web.Features.GridHealth.GridHealthQueries),
            typeof(Microsoft.Extensions.Options.IOptions<GridOps.Web.Features.GridHealth.GridHealthOptions>),
            typeof(GridOps.Web.Features.Patrols.PatrolPlans),
            typeof(GridOps.Web.Features.Access.AccessKeys),
            typeof(Microsoft.Extensions.Options.IOptions<GridOps.Web.Features.Access.AccessOptions>),
            typeof(GridOps.Web.Features.Assessment.OpenIncidentsWeighing),
            typeof(GridOps.Web.Features.WorkingTime.WorkingCalendarProvider),
            typeof(GridOps.Web.Features.Districts.DistrictZones),
            typeof(GridOps.Web.Features.WorkingTime.CalendarEditing),
            typeof(GridOps.Web.Features.WorkingTime.CalendarAccess),
            typeof(GridOps.Web.Features.Districts.DistrictSettingsStore),
            typeof(GridOps.Web.Features.Catalogue.DepartmentEditing),
        })
        {
            ctx.Services.AddSingleton(service, app.Factory.Services.GetRequiredService(service));
        }

        ctx.AddAuthorization().SetAuthorized(userName).SetClaims([.. (await ViewerOfAsync(app, userName)).Claims]);
        // The reader's zone is read from who is signed in, as in a circuit.
        ctx.Services.AddScoped<GridOps.Web.Features.Districts.ReaderZone>();
        // As in a circuit (not prerendering): live screens follow the stream only there. After the services: it reads them.
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var screen = new ScreenContext(ctx, live, clock);
        screen._head = ctx.Render<Microsoft.AspNetCore.Components.Web.HeadOutlet>();
        return screen;
    }

    /// <summary>A demo user's claims, exactly as signing in makes them.</summary>
    public static async Task<ClaimsIdentity> IdentityOfAsync(TestApp app, string userName) => await ViewerOfAsync(app, userName);

    private static async Task<ClaimsIdentity> ViewerOfAsync(TestApp app, string userName)
    {
        await using var command = app.Database.DataSource.CreateCommand(
            "SELECT id, display_name, role, scope_area_id, (SELECT level FROM areas WHERE id = scope_area_id), scope_department_code FROM users WHERE user_name = $1");
        command.Parameters.AddWithValue(userName);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no demo user {userName}");
        var scope = new AccessScope(reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : (AreaLevel)reader.GetInt16(4),
            reader.IsDBNull(5) ? null : reader.GetString(5));
        return Viewer.Identity(PrincipalKind.User, reader.GetInt64(0), userName, reader.GetString(1), (AccessRole)reader.GetInt16(2), scope, null, "test");
    }
}
