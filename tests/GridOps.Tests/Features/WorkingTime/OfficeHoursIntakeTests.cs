using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.WorkingTime;

/// <summary>A district that keeps office hours: a report's first deadline skips the lunch break.</summary>
public sealed class OfficeHoursIntakeTests : IAsyncLifetime
{
    // Monday 23 November 2026, 11:30 in Beijing.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 11, 30, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(withDemo: true, _clock, new Dictionary<string, string> { ["WorkingTime:Hours"] = "08:30-12:00,13:30-17:30" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AGreenReportAt1130_MustBeAcceptedBy1400_HalfAnHourBeforeLunchAndHalfAnHourAfter()
    {
        var (lon, lat) = await _app.Database.LabelPointAsync("QS-1-1-1");
        using var response = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "楼道堆放杂物", lon, lat });
        response.EnsureSuccessStatusCode();
        var incident = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("green", incident.GetProperty("tier").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.FromHours(8)), incident.GetProperty("dueAt").GetDateTimeOffset());
    }
}
