using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Components.Shared;

namespace GridOps.Tests.Features.Incidents;

/// <summary>
/// A district on New York's clock numbers its tickets by New York's day (issue 20: a 22:00 report took
/// China's next day). Alone in the process: the app sets the pages' zone for the whole process at start,
/// and it is set back when the test ends.
/// </summary>
[Collection(GridOps.Tests.Features.Operations.AloneInTheProcess.Name)]
public sealed class TicketNumberZoneTests : IAsyncLifetime
{
    // Sunday 22 November 2026, 22:00 in New York: already Monday 23 November in Beijing.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(withDemo: true, _clock, new Dictionary<string, string> { ["WorkingTime:TimeZone"] = "America/New_York" });

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        LocalTime.UseZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    }

    [Fact]
    public async Task AReportAt10pmInNewYork_TakesNewYorksDay_InItsTicketNumber()
    {
        var (lon, lat) = await _app.Database.LabelPointAsync("QS-1-1-1");
        using var response = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "楼道堆放杂物", lon, lat });
        response.EnsureSuccessStatusCode();
        var ticket = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;

        Assert.StartsWith("20261122", ticket, StringComparison.Ordinal);
        Assert.Equal(14, ticket.Length);
    }
}
