using GridOps.TestSupport;
using GridOps.Web.Features.Hotspots;
using GridOps.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace GridOps.Tests.Features.Jobs;

/// <summary>
/// The schedule is shared by every node: a node whose settings switch a feature off takes its job out
/// of it, and a node that does not know a job (an older version in a rolling deploy) leaves it be.
/// </summary>
public sealed class SwitchedOffJobsTests
{
    private const string NewerJob = "test-newer-node";

    [Fact]
    public async Task ANodeWithHotspotsOff_RemovesTheScan_ButKeepsAJobItDoesNotKnow()
    {
        var database = await TestDatabase.CreateWithDemoAsync();
        await using (await TestApp.StartOnAsync(database, ownsDatabase: false, new Dictionary<string, string> { ["Hotspots:Enabled"] = "true" }, services: services =>
            ((JobCatalog)services.Single(d => d.ServiceType == typeof(JobCatalog)).ImplementationInstance!).Add(
                JobCatalogExtensions.Registration<HotspotScanJob>(NewerJob, "a job only newer nodes have", new JobSchedule("0 0 0 1 1 *", TimeZoneInfo.Utc)))))
        {
        }

        Assert.Equal([HotspotScanJob.Name, NewerJob], await ScheduledAsync(database, HotspotScanJob.Name, NewerJob));

        await using var older = await TestApp.StartOnAsync(database, ownsDatabase: true, new Dictionary<string, string> { ["Hotspots:Enabled"] = "false" });
        Assert.Equal([NewerJob], await ScheduledAsync(database, HotspotScanJob.Name, NewerJob));
    }

    private static Task<IReadOnlyList<string>> ScheduledAsync(TestDatabase database, params string[] names) => database.StringsAsync(
        $"SELECT value FROM hangfire.set WHERE key = 'recurring-jobs' AND value IN ({string.Join(",", names.Select(n => $"'{n}'"))}) ORDER BY value");
}
