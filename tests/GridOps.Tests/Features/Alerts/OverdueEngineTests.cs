using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Alerts;

namespace GridOps.Tests.Features.Alerts;

/// <summary>
/// The overdue engine against a clock the test moves: warning at 80 % of a limit, overdue and
/// escalation up the tree at 100 %, again after the interval, alerts that re-notify and climb —
/// at the minutes the working calendar predicts. The scheduled sweep is off; the test sweeps.
/// </summary>
public sealed class OverdueEngineTests : IAsyncLifetime
{
    // Monday 23 November 2026, 09:00 in the district: a working day.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly ManualClock _clock = new(Monday);
    private TestApp _app = null!;
    private string _grid = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string>
        {
            ["Alerts:Sweep"] = "false",
            ["Alerts:EscalateOverdueEveryMinutes"] = "120",
            ["Alerts:RenotifyMinutes"] = "15",
            ["Alerts:EscalateUnacknowledgedMinutes"] = "60",
        });
        _grid = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
        await SweepAsync(); // the first sweep ever: nothing is due yet
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnIncidentLeftAlone_WarnsAt80Percent_ThenClimbsTheTreeEveryInterval_ItsTierRisingEachTime()
    {
        var ticket = await ReportAsync(); // green: accept within 60 working minutes → warning 09:48, due 10:00
        var incident = await IncidentAsync(ticket);
        Assert.Equal(Monday.AddMinutes(48), incident.GetProperty("warnAt").GetDateTimeOffset());
        Assert.Equal(Monday.AddMinutes(60), incident.GetProperty("dueAt").GetDateTimeOffset());

        await AtAsync(Monday.AddMinutes(47));
        Assert.Equal(0, await ClockEventsAsync(ticket, warning: true));
        await AtAsync(Monday.AddMinutes(48));
        Assert.Equal(1, await ClockEventsAsync(ticket, warning: true));

        await AtAsync(Monday.AddMinutes(59));
        Assert.Equal(0, await EscalationsAsync(ticket));
        await AtAsync(Monday.AddMinutes(60));
        Assert.Equal(1, await ClockEventsAsync(ticket, warning: false));
        var first = await IncidentAsync(ticket);
        Assert.Equal("blue", first.GetProperty("tier").GetString());
        Assert.Equal(await ParentOfAsync(_grid), first.GetProperty("assigneeArea").GetString());
        var overdueAlert = await AlertAsync(ticket, AlertKind.Overdue);
        Assert.Equal(2, overdueAlert.Level); // the community's duty supervisor

        // Sweeping again within the interval changes nothing; at 12:00, still overdue, it climbs to the street.
        await AtAsync(Monday.AddMinutes(179));
        Assert.Equal(1, await EscalationsAsync(ticket));
        await AtAsync(Monday.AddMinutes(180));
        Assert.Equal(2, await EscalationsAsync(ticket));
        var second = await IncidentAsync(ticket);
        Assert.Equal("yellow", second.GetProperty("tier").GetString());
        Assert.Equal(await ParentOfAsync(await ParentOfAsync(_grid)), second.GetProperty("assigneeArea").GetString());
        Assert.Equal(1, (await AlertAsync(ticket, AlertKind.Escalated)).Level);

        // The log says who, when and why; the tier reason names the escalation.
        var events = await (await AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/incidents/{ticket}/events");
        var escalations = events.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "escalate").ToList();
        Assert.Equal(2, escalations.Count);
        Assert.All(escalations, e => Assert.Contains("system", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.Equal("escalation:2", second.GetProperty("tierReason").GetString());
    }

    [Fact]
    public async Task AnAlertNobodyAcknowledges_IsSentAgainEvery15Minutes_AndClimbsAfterAnHour()
    {
        var ticket = await ReportAsync();
        await AtAsync(Monday.AddMinutes(60));
        var alert = await AlertAsync(ticket, AlertKind.Overdue);
        Assert.Equal(0, await NotesAsync(alert.Id, AlertAction.Renotified));

        await AtAsync(Monday.AddMinutes(74));
        Assert.Equal(0, await NotesAsync(alert.Id, AlertAction.Renotified));
        await AtAsync(Monday.AddMinutes(75));
        Assert.Equal(1, await NotesAsync(alert.Id, AlertAction.Renotified));
        await AtAsync(Monday.AddMinutes(90));
        Assert.Equal(2, await NotesAsync(alert.Id, AlertAction.Renotified));

        await AtAsync(Monday.AddMinutes(119));
        Assert.Equal(2, (await AlertAsync(ticket, AlertKind.Overdue)).Level);
        await AtAsync(Monday.AddMinutes(120));
        var climbed = await AlertAsync(ticket, AlertKind.Overdue);
        Assert.Equal(1, climbed.Level);
        Assert.Equal(1, climbed.Escalations);

        // Acknowledged, it falls silent.
        await using var supervisor = await _app.HubAsync("supervisor");
        var acknowledged = await supervisor.InvokeAsync<AlertOutcome>("Acknowledge", climbed.Id, climbed.Version);
        Assert.True(acknowledged.Done);
        var before = await NotesAsync(alert.Id, AlertAction.Renotified);
        await AtAsync(Monday.AddMinutes(240));
        Assert.Equal(before, await NotesAsync(alert.Id, AlertAction.Renotified));
    }

    [Fact]
    public async Task AcrossAWeekend_TheClockStops_AndTheDeadlineFallsOnMonday()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.FromHours(8));
        _clock.Advance(friday - _clock.GetUtcNow());
        var ticket = await ReportAsync();
        var incident = await IncidentAsync(ticket);
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(monday.AddMinutes(18), incident.GetProperty("warnAt").GetDateTimeOffset());
        Assert.Equal(monday.AddMinutes(30), incident.GetProperty("dueAt").GetDateTimeOffset());

        // All weekend long nothing happens; the sweep after it acts once, however long the gap.
        await AtAsync(monday.AddMinutes(29));
        Assert.Equal(0, await EscalationsAsync(ticket));
        await AtAsync(monday.AddHours(1));
        Assert.Equal(1, await EscalationsAsync(ticket));
        Assert.Equal(1, await ClockEventsAsync(ticket, warning: true));
    }

    [Fact]
    public async Task SuspendedTime_DoesNotCount_AndResumingMovesTheDeadline()
    {
        var ticket = await ReportAsync();
        await PostAsync($"/api/incidents/{ticket}/accept", new { version = 1 }); // dispatch step: 120 minutes from 09:00
        await PostAsync($"/api/incidents/{ticket}/dispatch", new { version = 2, areaCode = _grid });
        var dispatched = await IncidentAsync(ticket);
        var handleDue = dispatched.GetProperty("dueAt").GetDateTimeOffset();

        _clock.Advance(TimeSpan.FromMinutes(30));
        await PostAsync($"/api/incidents/{ticket}/suspend", new { version = 3, reason = "等待业主回国" });
        Assert.Equal(JsonValueKind.Null, (await IncidentAsync(ticket)).GetProperty("dueAt").ValueKind);
        await AtAsync(handleDue.AddHours(5));
        Assert.Equal(0, await EscalationsAsync(ticket));

        await PostAsync($"/api/incidents/{ticket}/resume", new { version = 4 });
        var resumed = await IncidentAsync(ticket);
        // Five and a half hours suspended: the deadline moved by exactly that.
        Assert.Equal(handleDue + (_clock.GetUtcNow() - Monday.AddMinutes(30)), resumed.GetProperty("dueAt").GetDateTimeOffset());
    }

    private async Task AtAsync(DateTimeOffset instant)
    {
        _clock.Advance(instant - _clock.GetUtcNow());
        await SweepAsync();
    }

    private Task<int> SweepAsync() => _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);

    // Sessions expire on the app's clock too: after moving it by hours, sign in again.
    private Task<HttpClient> AdminAsync() => _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword);

    private async Task<string> ReportAsync()
    {
        var (lon, lat) = await _app.Database.LabelPointAsync(_grid);
        using var response = await (await AdminAsync()).PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "楼上漏水引发邻里纠纷", lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await (await AdminAsync()).PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonElement> IncidentAsync(string ticket) => await (await AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/incidents/{ticket}");

    private Task<long> ClockEventsAsync(string ticket, bool warning) => _app.Database.CountAsync(
        $"SELECT count(*) FROM live_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ticket_no = '{ticket}' AND e.kind = 1 AND e.action = {(warning ? 2 : 3)}");

    private Task<long> EscalationsAsync(string ticket) => _app.Database.CountAsync(
        $"SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ticket_no = '{ticket}' AND e.action = 19");

    private Task<long> NotesAsync(long alertId, AlertAction action) => _app.Database.CountAsync(
        $"SELECT count(*) FROM alert_notes WHERE alert_id = {alertId} AND action = {(int)action}");

    private async Task<string> ParentOfAsync(string code) =>
        (await _app.Database.StringsAsync($"SELECT p.code FROM areas a JOIN areas p ON p.id = a.parent_id WHERE a.code = '{code}'"))[0];

    private async Task<(long Id, int Level, int Escalations, int Version)> AlertAsync(string ticket, AlertKind kind)
    {
        var row = (await _app.Database.StringsAsync(
            $"SELECT a.id || ',' || a.level || ',' || a.escalations || ',' || a.version FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.ticket_no = '{ticket}' AND a.kind = {(int)kind}"))[0].Split(',');
        return (long.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
