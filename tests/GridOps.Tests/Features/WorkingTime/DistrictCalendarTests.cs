using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;

namespace GridOps.Tests.Features.WorkingTime;

/// <summary>
/// Each district's own calendar and office hours (issue 20, part 2): a New York district counting a shared "US" calendar
/// with Thanksgiving and 09:00–17:00 office hours beside a Shanghai one on GridOps' own; who may change which calendar.
/// </summary>
public sealed class DistrictCalendarTests : IAsyncLifetime
{
    // Wednesday 25 November 2026, 16:30 in New York (EST, UTC−5): half an hour of its office day left, then Thanksgiving,
    // the day after and a weekend. In Shanghai it is Thursday 05:30, a working day counted whole.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 21, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextMondayNineInNewYork = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        await NativeGeoJson.ImportNewYorkAndShanghaiAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Thanksgiving => new
    {
        year = 2026, source = "test",
        holidays = new[] { new { from = "2026-11-26", to = "2026-11-27", name = "Thanksgiving" } },
        makeUpWorkdays = Array.Empty<object>(),
    };

    [Fact]
    public async Task ADistrictsLimits_CountItsOwnCalendarInItsZoneAndOfficeHours_AndItsNeighboursAreUntouched()
    {
        using var year = await _app.Client.PutAsJsonAsync("/api/calendar/years/2026?calendar=US", Thanksgiving);
        Assert.Equal(HttpStatusCode.OK, year.StatusCode);
        using var settings = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings",
            new { timeZone = "America/New_York", calendar = "US", hours = "09:00-12:00, 13:00-17:00" });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var stored = JsonDocument.Parse(await settings.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("US", stored.GetProperty("calendar").GetString());
        Assert.Equal("09:00-12:00,13:00-17:00", stored.GetProperty("hours").GetString());
        Assert.False(stored.GetProperty("hoursIsDefault").GetBoolean());

        var newYork = await ReportAsync(110.01);
        var shanghai = await ReportAsync(110.11);

        // New York: 30 minutes left on Wednesday, nothing on Thanksgiving, the day after or the weekend, the rest from Monday 09:00.
        var limit = AcceptLimit(newYork.GetProperty("tier").GetString()!);
        Assert.Equal(limit <= 30 ? Now.AddMinutes(limit) : NextMondayNineInNewYork.AddMinutes(limit - 30), newYork.GetProperty("dueAt").GetDateTimeOffset());
        // Shanghai counts GridOps' own calendar, the whole day: its Thursday is a working day.
        Assert.Equal(Now.AddMinutes(AcceptLimit(shanghai.GetProperty("tier").GetString()!)), shanghai.GetProperty("dueAt").GetDateTimeOffset());

        var us = await _app.Client.GetFromJsonAsync<JsonElement>("/api/calendar?calendar=US&year=2026");
        var counting = Assert.Single(us.GetProperty("districts").EnumerateArray());
        Assert.Equal("NY", counting.GetProperty("code").GetString());
        Assert.Equal("America/New_York", counting.GetProperty("timeZone").GetString());
        Assert.Equal(["2026-11-26", "2026-11-27"], us.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("day").GetString()));
        var gridOps = await _app.Client.GetFromJsonAsync<JsonElement>("/api/calendar?calendar=default");
        Assert.Equal(["SH"], gridOps.GetProperty("districts").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ADistrictsAdministrator_ChangesItsOwnCalendarOnly_AndCannotCountOrReadAnothers()
    {
        await _app.Service<UserAccounts>().CreateAsync(
            new NewUser("ny-admin", "NY administrator", "long-enough-password", AccessRole.Administrator, "NY", null), "test", CancellationToken.None);
        var nyAdmin = await _app.SignInAsync("ny-admin", "long-enough-password");

        using var own = await nyAdmin.PutAsJsonAsync("/api/calendar/years/2026?calendar=NY", Thanksgiving);
        using var shared = await nyAdmin.PutAsJsonAsync("/api/calendar/years/2026?calendar=US", Thanksgiving);
        using var gridOps = await nyAdmin.PutAsJsonAsync("/api/calendar/years/2026", Thanksgiving);
        using var neighbours = await nyAdmin.GetAsync("/api/calendar?calendar=SH");
        using var countsNeighbours = await nyAdmin.PutAsJsonAsync("/api/districts/NY/settings", new { calendar = "SH" });
        using var badHours = await nyAdmin.PutAsJsonAsync("/api/districts/NY/settings", new { calendar = "NY", hours = "17:00-09:00" });
        using var countsOwn = await nyAdmin.PutAsJsonAsync("/api/districts/NY/settings", new { calendar = "NY" });

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, shared.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, gridOps.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, neighbours.StatusCode);
        Assert.Equal("calendar", Assert.Single(JsonDocument.Parse(await countsNeighbours.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("hours", Assert.Single(JsonDocument.Parse(await badHours.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal(HttpStatusCode.OK, countsOwn.StatusCode);
        // Refused changes stored nothing; the district's own calendar is what it now reads by default.
        Assert.Equal(["NY"], await _app.Database.StringsAsync("SELECT DISTINCT calendar FROM calendar_days WHERE day = '2026-11-26'"));
        Assert.Equal("NY", (await nyAdmin.GetFromJsonAsync<JsonElement>("/api/calendar")).GetProperty("calendar").GetString());
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.year' AND target = 'NY 2026'"));
    }

    [Fact]
    public async Task AnImportKey_CannotMoveADistrictsDeadlines_NorCanAnHourADayTypo()
    {
        var (_, secret, _) = await _app.Service<AccessKeys>().CreateAsync(new NewAccessKey("NY import", AccessRole.Importer, "NY", null), "test", CancellationToken.None);
        using var key = _app.WithKey(secret!);

        using var byKey = await key.PutAsJsonAsync("/api/districts/NY/settings", new { timeZone = "Pacific/Kiritimati", calendar = "NY", hours = "09:00-17:00" });
        using var tolerance = await key.PutAsJsonAsync("/api/districts/NY/settings", new { snapToleranceMetres = 12 });
        using var typo = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new { hours = "23:59-24:00" });

        Assert.Equal(["calendar", "hours", "timeZone"],
            JsonDocument.Parse(await byKey.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, tolerance.StatusCode); // the key's own business: where reports land
        Assert.Equal("hours", Assert.Single(JsonDocument.Parse(await typo.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject()).Name);
        var kept = await _app.Client.GetFromJsonAsync<JsonElement>("/api/districts/NY/settings");
        Assert.Equal("default", kept.GetProperty("calendar").GetString());
        Assert.True(kept.GetProperty("hoursIsDefault").GetBoolean());
        Assert.True(kept.GetProperty("timeZoneIsDefault").GetBoolean());
    }

    [Fact]
    public async Task APatrolPlan_IsPublishedForEachDistrict_OnceItsOwnFirstHasCome()
    {
        using var zone = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new { timeZone = "America/New_York" });
        zone.EnsureSuccessStatusCode();
        var plans = _app.Service<GridOps.Web.Features.Patrols.PatrolPlans>();
        Task<IReadOnlyList<string>> PlannedAsync() => _app.Database.StringsAsync(
            "SELECT a.code FROM patrol_plans p JOIN areas a ON a.id = p.grid_id WHERE p.month = '2026-12-01' ORDER BY a.code");

        // 00:01 on 1 December in Shanghai is still 30 November in New York: Shanghai's grid only.
        _clock.Advance(new DateTimeOffset(2026, 11, 30, 16, 1, 0, TimeSpan.Zero) - Now);
        await plans.PublishAsync(null, CancellationToken.None);
        Assert.Equal(["SH-S-C-1"], await PlannedAsync());

        // New York's own 1st: its grid too, for December, not for the November ending there an hour before.
        _clock.Advance(TimeSpan.FromHours(13));
        await plans.PublishAsync(null, CancellationToken.None);
        Assert.Equal(["NY-S-C-1", "SH-S-C-1"], await PlannedAsync());
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM patrol_plans WHERE month = '2026-11-01'"));
    }

    [Fact]
    public void ALimitOfWholeDays_IsThatManyOfTheDistrictsWorkingDays_AnyOtherLimitItsMinutes()
    {
        var options = new WorkingTimeOptions();
        var officeHours = new TimeLimitPolicy(
            new WorkingCalendar(TimeZoneInfo.Utc, [], WorkingHours.Parse("08:30-12:00,13:30-17:30")), options);
        var wholeDay = new TimeLimitPolicy(new WorkingCalendar(TimeZoneInfo.Utc, []), options);

        Assert.Equal(3 * 450, officeHours.LimitMinutes(IncidentStep.Handle, Tier.Yellow, null));
        Assert.Equal(3 * 1440, wholeDay.LimitMinutes(IncidentStep.Handle, Tier.Yellow, null));
        Assert.Equal(options.Yellow.Accept, officeHours.LimitMinutes(IncidentStep.Accept, Tier.Yellow, null));
    }

    private int AcceptLimit(string tier)
    {
        var options = _app.Service<IOptions<WorkingTimeOptions>>().Value;
        return tier switch { "green" => options.Green.Accept, "blue" => options.Blue.Accept, "yellow" => options.Yellow.Accept, _ => options.Red.Accept };
    }

    private async Task<JsonElement> ReportAsync(double lon) =>
        await _app.Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{await TestApp.ReportAsync(_app.Client, lon, 30.01)}");
}
