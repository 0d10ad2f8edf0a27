using GridOps.TestSupport;

namespace GridOps.Tests.Features.DemoDistrict;

/// <summary>The living demo: with the demo on, incidents appear and move along the loop by themselves, and a screen sees them.</summary>
public sealed class DemoSimulatorTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "true",
        // Fast and busy, so a test sees within seconds what a newcomer sees within minutes.
        ["Demo:Simulator:TickSeconds"] = "0.2",
        ["Demo:Simulator:PerHour"] = "200000",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDemoReportsAndWorksIncidents_AndAScreenSeesThemMove()
    {
        await using var wall = await _app.HubAsync("command");
        var reported = await wall.WaitForAsync(e => e.Type == "incident.created", TimeSpan.FromSeconds(20));
        Assert.False(string.IsNullOrEmpty(reported.Incident.Title));
        // The simulated centre accepts and dispatches through the same handlers as people, signing its actions.
        await wall.WaitForAsync(e => e.Type == "incident.changed" && e.Incident.State != "reported", TimeSpan.FromSeconds(30));
        Assert.True(await _app.Database.CountAsync("SELECT count(*) FROM incident_events WHERE actor LIKE '演示值班员%'") > 0);
    }
}
