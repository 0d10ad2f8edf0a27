using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Features.Assessment;

namespace GridOps.Tests.Features.Jobs;

/// <summary>
/// Every node was down over the 1st (three 1sts, even): when one starts again, the month freeze that
/// was missed runs once, at once, and the schedule moves on to the next 1st.
/// </summary>
public sealed class MissedOccurrenceTests
{
    [Fact]
    public async Task AFreezeMissedDuringDowntime_RunsOnceOnStart()
    {
        var database = await TestDatabase.CreateWithDemoAsync();
        var settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" };
        await using (await TestApp.StartOnAsync(database, ownsDatabase: false, settings))
        {
            // The first node registered the schedule: next run on the coming 1st.
        }

        Assert.True(await NextFreezeAsync(database) > DateTime.UtcNow);
        // The downtime: registered four months ago, next run due three months ago, and nobody up since.
        var registered = DateTime.UtcNow.AddMonths(-4);
        var missed = DateTime.UtcNow.AddMonths(-3);
        await using var events = await DatabaseNotifications.ListenAsync(database, JobNotifications.Sql(nameof(FreezeLastMonthJob)) + $"""
            ;
            UPDATE hangfire.hash SET value = '{new DateTimeOffset(missed).ToUnixTimeMilliseconds()}'
                WHERE key = 'recurring-job:{FreezeLastMonthJob.Name}' AND field = 'NextExecution';
            UPDATE hangfire.hash SET value = '{new DateTimeOffset(registered).ToUnixTimeMilliseconds()}'
                WHERE key = 'recurring-job:{FreezeLastMonthJob.Name}' AND field = 'CreatedAt';
            UPDATE hangfire.set SET score = {new DateTimeOffset(missed).ToUnixTimeSeconds()}
                WHERE key = 'recurring-jobs' AND value = '{FreezeLastMonthJob.Name}';
            """, "job_succeeded", "month_frozen");

        await using var restarted = await TestApp.StartOnAsync(database, ownsDatabase: true, settings);
        var lastMonth = restarted.Service<AssessmentStore>().CurrentMonth().AddMonths(-1);
        Assert.Equal(lastMonth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await events.NextAsync("month_frozen", TimeSpan.FromSeconds(60)));
        await events.NextAsync("job_succeeded", TimeSpan.FromSeconds(60));

        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%FreezeLastMonthJob%'"));
        Assert.True(await NextFreezeAsync(database) > DateTime.UtcNow, "the schedule moved on to the next 1st");
    }

    // Hangfire 1.8 stores instants as Unix milliseconds.
    private static async Task<DateTime> NextFreezeAsync(TestDatabase database) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(
        (await database.StringsAsync($"SELECT value FROM hangfire.hash WHERE key = 'recurring-job:{FreezeLastMonthJob.Name}' AND field = 'NextExecution'"))[0],
        CultureInfo.InvariantCulture)).UtcDateTime;
}
