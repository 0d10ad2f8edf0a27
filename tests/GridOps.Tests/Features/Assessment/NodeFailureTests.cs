using System.Net;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Assessment;

/// <summary>
/// A node killed in the middle of the monthly freeze: a real GridOps process is started on the test's
/// database, asked to freeze last month, held mid-run by a lock the test takes, and killed with
/// SIGKILL. Another node (in the test's process) finds the job Hangfire had handed to the dead one
/// and finishes the month, once.
/// </summary>
public sealed class NodeFailureTests
{
    /// <summary>Hangfire notices the dead node's job 30 s after its last keep-alive (JobsModule's invisibility timeout).</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ANodeKilledMidFreeze_LeavesNothingHalfDone_AndTheOtherNodeFinishesTheMonth()
    {
        var database = await TestDatabase.CreateWithDemoAsync();
        // Another process offers nothing to await, so the database tells: a freeze starting on a node, a month frozen.
        await using var events = await DatabaseNotifications.ListenAsync(database, JobNotifications.Sql("FreezeLastMonthJob"), "job_processing", "month_frozen");
        await EnsureAdminAsync(database);
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var doomed = AppProcess.Start(database.ConnectionString, port, started, new Dictionary<string, string> { ["Alerts__Sweep"] = "false" });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await SignIn.WithPasswordAsync(http, TestApp.AdminName, TestApp.AdminPassword);

        // Hold the freeze mid-run: it computes, then waits to write its run row.
        await using var blocker = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRuns = new Npgsql.NpgsqlCommand("LOCK TABLE assessment_runs IN EXCLUSIVE MODE", blocker, hold))
        {
            await lockRuns.ExecuteNonQueryAsync();
        }

        // Triggered on the node's Hangfire dashboard, as its script posts (the token in a header).
        var token = await SignIn.AntiforgeryTokenAsync(http, "/account");
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/admin/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", "assessment-freeze")]) };
        trigger.Headers.Add("RequestVerificationToken", token);
        using (var run = await http.SendAsync(trigger))
        {
            Assert.True(run.IsSuccessStatusCode || run.StatusCode == HttpStatusCode.Redirect, $"run now: {(int)run.StatusCode}");
        }

        // The only node running is the one about to be killed.
        Assert.Contains($":{doomed.Id}:", await events.NextAsync("job_processing", TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync();
        await hold.RollbackAsync();

        // Nothing of the killed run was kept; the surviving node takes the job over and runs it to the end.
        await using var survivor = await TestApp.StartOnAsync(database, ownsDatabase: true, new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        var lastMonth = survivor.Service<GridOps.Web.Features.Assessment.AssessmentStore>().CurrentMonth().AddMonths(-1);
        Assert.Contains($":{Environment.ProcessId}:", await events.NextAsync("job_processing", Recovery), StringComparison.Ordinal);
        Assert.Equal(lastMonth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await events.NextAsync("month_frozen", Recovery));
        Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM assessment_runs WHERE kind = 'final' AND month = '{lastMonth:yyyy-MM-dd}'"));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%FreezeLastMonthJob%'"));
    }

    // The process signs in with the test administrator, whom the in-process app would create; none runs yet.
    private static async Task EnsureAdminAsync(TestDatabase database)
    {
        await using var app = await TestApp.StartOnAsync(database, ownsDatabase: false, new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
    }
}
