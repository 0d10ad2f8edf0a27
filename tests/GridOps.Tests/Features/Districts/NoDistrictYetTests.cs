using GridOps.TestSupport;

namespace GridOps.Tests.Features.Districts;

/// <summary>Before any boundary is imported: a report is still taken, unlocated and no district's, to wait for the hierarchy.</summary>
public sealed class NoDistrictYetTests
{
    [Fact]
    public async Task AReport_BeforeAnyDistrictIsImported_IsStoredUnlocated()
    {
        await using var app = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });

        var ticket = await TestApp.ReportAsync(app.Client, 120.1, 30.2);

        Assert.Equal(1, await app.Database.CountAsync($"SELECT count(*) FROM incidents WHERE ticket_no = '{ticket}' AND unlocated AND district_id IS NULL"));
    }
}
