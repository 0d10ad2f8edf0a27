using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.WorkingTime;

namespace GridOps.Tests.Features.WorkingTime;

/// <summary>The working calendar as data (issue 20, part 2): read, a year replaced, an iCalendar file imported, the warning before it runs out.</summary>
public sealed class CalendarApiTests : IAsyncLifetime
{
    // Monday 23 November 2026: the shipped holidays end on 31 December, 38 days on.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: false, _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private WorkingCalendar Calendar => _app.Service<WorkingCalendarProvider>().Current;

    private async Task<string> AdminPageAsync() => await _app.Client.GetStringAsync("/admin/users");

    private Task<long> Stored2027Async() => _app.Database.CountAsync("SELECT count(*) FROM calendar_days WHERE day >= '2027-01-01'");

    [Fact]
    public async Task TwoMonthsBeforeTheHolidaysRunOut_AdministratorsAreWarned_AndAYearStoredEndsTheWarning()
    {
        var before = await _app.Client.GetFromJsonAsync<JsonElement>("/api/calendar?year=2026");
        Assert.Equal("2026-12-31", before.GetProperty("coveredUntil").GetString());
        Assert.True(before.GetProperty("runsOutSoon").GetBoolean());
        Assert.Contains(before.GetProperty("days").EnumerateArray(), d => d.GetProperty("day").GetString() == "2026-10-01");
        Assert.Contains("的节假日安排只到 2026-12-31", await AdminPageAsync(), StringComparison.Ordinal);

        using var put = await _app.Client.PutAsJsonAsync("/api/calendar/years/2027", new
        {
            year = 2027, source = "test",
            holidays = new[] { new { from = "2027-01-01", to = "2027-01-03", name = "元旦" } },
            makeUpWorkdays = new[] { new { day = "2027-02-20", name = "春节补班" } },
        });
        var after = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("2027-12-31", after.GetProperty("coveredUntil").GetString());
        Assert.False(after.GetProperty("runsOutSoon").GetBoolean());
        Assert.DoesNotContain("的节假日安排只到", await AdminPageAsync(), StringComparison.Ordinal);
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 20)));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.year' AND target = 'default 2027'"));
    }

    [Fact]
    public async Task AYearWithMistakes_IsRefusedField_ByField_AndNothingIsStored()
    {
        using var put = await _app.Client.PutAsJsonAsync("/api/calendar/years/2027", new
        {
            year = 2028, source = "test",
            holidays = new[] { new { from = "2027-10-01", to = "2027-10-07", name = "国庆节" }, new { from = "2026-12-31", to = "2027-01-01", name = "元旦" } },
            makeUpWorkdays = new[] { new { day = "2027-10-02", name = "国庆补班" }, new { day = "2027-10-09", name = new string('班', 51) } },
        });
        var errors = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.True(errors.TryGetProperty("year", out _));
        Assert.True(errors.TryGetProperty("holidays[1]", out _));
        Assert.Contains("both as a holiday and as a make-up", errors.GetProperty("makeUpWorkdays[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("makeUpWorkdays[1].name", out _));
        using var bell = await _app.Client.PutAsJsonAsync("/api/calendar/years/2027", new
        {
            year = 2027, holidays = Array.Empty<object>(), makeUpWorkdays = new[] { new { day = "2027-10-09", name = "补班\u0007" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bell.StatusCode);
        Assert.Contains("makeUpWorkdays[0].name", await bell.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await Stored2027Async());
    }

    [Fact]
    public async Task AnICalendarFile_IsImported_HolidaysAndMakeUpDaysApart_AllOrNothing()
    {
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//CN\r\n"
            + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270212\r\nSUMMARY:春节\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270220\r\nSUMMARY:春节\r\n 补班\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20280101\r\nSUMMARY:New Year\\, observed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        const string broken = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270506\r\nSUMMARY:劳动节\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nDTSTART:someday\r\nSUMMARY:端午节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        using var refused = await _app.Client.PostAsync("/api/calendar/ics", new StringContent(broken, Encoding.UTF8, "text/calendar"));
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("event 2 (端午节)", problem, StringComparison.Ordinal);
        Assert.Equal(0, await Stored2027Async());

        using var imported = await _app.Client.PostAsync("/api/calendar/ics", new StringContent(ics, Encoding.UTF8, "text/calendar"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));   // a Monday in the Spring Festival
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, 11)));  // Thursday, the last day of it
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 12)));   // Friday: DTEND is exclusive
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 20)));   // a Saturday made a working day (补班, folded line)
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2028, 1, 1)));
        Assert.Equal(["New Year, observed"], await _app.Database.StringsAsync("SELECT name FROM calendar_days WHERE day = '2028-01-01'"));
        Assert.Equal(new DateOnly(2028, 12, 31), Calendar.CoveredUntil);
    }

    [Fact]
    public async Task OnlyAdministratorsMayChangeTheCalendar()
    {
        using var anonymous = await _app.Anonymous().PutAsJsonAsync("/api/calendar/years/2027", new { year = 2027, holidays = Array.Empty<object>(), makeUpWorkdays = Array.Empty<object>() });

        Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Redirect });
        Assert.Equal(0, await Stored2027Async());
    }
}
