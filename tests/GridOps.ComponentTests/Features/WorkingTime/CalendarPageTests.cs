using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.WorkingTime;
using GridOps.Web.Features.WorkingTime.Pages;

namespace GridOps.ComponentTests.Features.WorkingTime;

/// <summary>The working calendar page (issue 20, part 2) over a real database: what is saved there is what time limits count.</summary>
public sealed class CalendarPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private static IRenderedComponent<CalendarPage> Render(ScreenContext screen, int year, string? calendar = null)
    {
        screen.Navigation.NavigateTo(calendar is null ? $"/admin/calendar?year={year}" : $"/admin/calendar?calendar={calendar}&year={year}");
        var cut = screen.Context.Render<CalendarPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".admin-calendar").GetAttribute("data-ready")), Soon);
        return cut;
    }

    [Fact]
    public async Task AnAdministratorOfEverything_AddsAHolidayToAYearNotYetKnown_AndTheCalendarCountsIt()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var cut = Render(screen, 2031);
        Assert.Empty(cut.FindAll("tr[data-day]"));

        await cut.Find("[data-field=from] input").ChangeAsync(new() { Value = "2031-05-01" });
        await cut.Find("[data-field=to] input").ChangeAsync(new() { Value = "2031-05-03" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "劳动节" });
        await cut.Find("[data-action=add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr[data-day]").Count), Soon);
        var calendar = fixture.App.Service<WorkingCalendarProvider>();
        Assert.True(calendar.Current.IsWorkingDay(new DateOnly(2031, 5, 2)));

        await cut.Find("[data-action=save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("2031", cut.Find("[role=status]").TextContent, StringComparison.Ordinal), Soon);
        Assert.False(calendar.Current.IsWorkingDay(new DateOnly(2031, 5, 2)));
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.year' AND target = 'default 2031'"));
        Assert.Empty(cut.FindAll("[data-field=unsaved]"));
    }

    [Fact]
    public async Task UnsavedDays_HoldTheYear_UntilSavedOrDiscarded()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var cut = Render(screen, 2034);
        await cut.Find("[data-field=from] input").ChangeAsync(new() { Value = "2034-10-01" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "国庆节" });
        await cut.Find("[data-action=add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr[data-day]")), Soon);

        // Another year while the day is unsaved: the page stays and says so; the import waits too.
        await cut.InvokeAsync(() => screen.Navigation.NavigateTo("/admin/calendar?year=2035"));
        cut.WaitForAssertion(() => Assert.Contains("2034", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        Assert.EndsWith("year=2034", screen.Address, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("tr[data-day]"));
        Assert.True(cut.Find("[data-field=ics] button").HasAttribute("disabled"));

        // Discarded, it goes.
        await cut.Find("[data-action=discard]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("tr[data-day]")), Soon);
        await cut.InvokeAsync(() => screen.Navigation.NavigateTo("/admin/calendar?year=2035"));
        Assert.EndsWith("year=2035", screen.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADayOutsideTheYear_IsAFormMessage_AndNothingIsAdded()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var cut = Render(screen, 2032);

        await cut.Find("[data-field=from] input").ChangeAsync(new() { Value = "2033-01-01" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "元旦" });
        await cut.Find("[data-action=add]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("2032", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal), Soon);
        Assert.Empty(cut.FindAll("tr[data-day]"));
    }

    [Fact]
    public async Task ADistrictsAdministrator_ReadsGridOpsCalendarWithoutTheForms_AndEditsItsDistrictsOwn()
    {
        // An administrator (who may edit the catalogue) bound to the demo district: GridOps' own calendar is every district's.
        var (_, errors) = await fixture.App.Service<UserAccounts>().CreateAsync(
            new NewUser("yj-admin", "区管理员", "long-enough-password", AccessRole.Administrator, "YJ", null), "test", CancellationToken.None);
        Assert.Empty(errors);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "yj-admin");
        var cut = Render(screen, 2026);

        Assert.Equal("default", cut.Find(".admin-calendar").GetAttribute("data-calendar"));
        Assert.NotEmpty(cut.FindAll("tr[data-day]"));
        Assert.Empty(cut.FindAll("[data-action=save], [data-field=ics], [data-action=add], [data-field=other-calendar]"));
        Assert.NotNull(cut.Find(".calendar-readonly"));
        Assert.Contains("YJ", cut.Find("[data-field=counted-by]").TextContent, StringComparison.Ordinal);
        var viewer = Viewer.From(new System.Security.Claims.ClaimsPrincipal(await ScreenContext.IdentityOfAsync(fixture.App, "yj-admin")));
        var editing = fixture.App.Service<CalendarEditing>();
        var newYear = new CalendarYear(2033, "test", [new HolidayRange(new(2033, 1, 1), new(2033, 1, 1), "元旦")], []);
        Assert.Equal("calendar", Assert.Single(await editing.StoreYearAsync("default", 2033, newYear, viewer, CancellationToken.None)).Key);
        Assert.Equal("calendar", Assert.Single(await editing.StoreYearAsync("US", 2033, newYear, viewer, CancellationToken.None)).Key);

        // Its district's own calendar (named by its code) is its to write: the forms are there, and a saved day is held.
        cut = Render(screen, 2033, "YJ");
        Assert.Equal("YJ", cut.Find(".admin-calendar").GetAttribute("data-calendar"));
        await cut.Find("[data-field=from] input").ChangeAsync(new() { Value = "2033-01-03" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "元旦" });
        await cut.Find("[data-action=add]").ClickAsync(new());
        await cut.Find("[data-action=save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("2033", cut.Find("[role=status]").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM calendar_days WHERE calendar = 'YJ' AND day = '2033-01-03'"));
        Assert.Equal(0, await fixture.App.Database.CountAsync("SELECT count(*) FROM calendar_days WHERE calendar = 'default' AND day >= '2033-01-01'"));

        // Counted from now on in its district: its limits fall on its own days (and it takes GridOps' own back after).
        var yj = await fixture.App.Database.CountAsync("SELECT id FROM areas WHERE code = 'YJ'");
        try
        {
            await cut.Find("[data-action=count-calendar]").ClickAsync(new());
            cut.WaitForAssertion(() => Assert.Contains("YJ", cut.Find("[data-field=counted-by]").TextContent, StringComparison.Ordinal), Soon);
            Assert.Empty(cut.FindAll("[data-action=count-calendar]"));
            var counted = await fixture.App.Service<GridOps.Web.Features.Districts.DistrictZones>().CalendarOfAsync(yj, CancellationToken.None);
            Assert.False(counted.IsWorkingDay(new DateOnly(2033, 1, 3)));
            Assert.True(fixture.App.Service<WorkingCalendarProvider>().Current.IsWorkingDay(new DateOnly(2033, 1, 3)));
        }
        finally
        {
            await fixture.App.Database.ExecuteAsync("UPDATE district_settings SET calendar = NULL WHERE district_code = 'YJ'");
            fixture.App.Service<GridOps.Web.Features.Districts.DistrictZones>().Forget();
        }
    }
}
