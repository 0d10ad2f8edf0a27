using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Realtime;

namespace GridOps.ComponentTests.Features.Alerts;

/// <summary>The real app over the demo district, for consoles whose actions reach a real database.</summary>
public sealed class AlertConsoleFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Reports an incident, makes it red and sweeps: answers the red-tier alert the sweep raised, as the stream carries it.</summary>
    /// <param name="grid">Where (a grid code); the district's first grid when null.</param>
    public async Task<LiveEvent> RaiseRedAlertAsync(string description, string? grid = null)
    {
        var ticket = await ReportAsync(description, grid);

        using (var retier = await App.Client.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "涉及危化品" }))
        {
            retier.EnsureSuccessStatusCode();
        }

        await App.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);
        var alerts = await App.Service<LiveFeedReader>().AlertsAsync(LiveGroups.District, null, includeAcknowledged: true, 300, CancellationToken.None);
        var alert = alerts.Single(a => a.Incident.Ticket == ticket && a.Alert!.Kind == "redTier");
        return alert with { Type = "alert.raised" };
    }

    /// <summary>Reports a neighbour dispute (a green incident) through the API: answers its ticket number.</summary>
    /// <param name="grid">Where (a grid code); the district's first grid when null.</param>
    public async Task<string> ReportAsync(string description, string? grid = null)
    {
        grid ??= (await App.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
        var (lon, lat) = await App.Database.LabelPointAsync(grid);
        using var report = await App.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description, lon, lat });
        report.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }
}
