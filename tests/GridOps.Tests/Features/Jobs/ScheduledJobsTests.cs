using System.Net;
using GridOps.TestSupport;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridOps.Tests.Features.Jobs;

/// <summary>
/// Scheduled work on Hangfire as the command centre meets it: every recurring job on the dashboard
/// (administrators may act, the command centre may look, nobody else), "run now" audited, a failed
/// job shown with its exception and its log lines carrying the job id, and monthly work that a rerun
/// (what a retry is) cannot double.
/// </summary>
public sealed class ScheduledJobsTests : IAsyncLifetime
{
    private const string FailingName = "test-failing";
    private const string UnscheduledName = "test-unscheduled";
    private readonly CapturedLogs _logs = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false", ["Telemetry:Enabled"] = "true" },
        services: services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            var catalog = (JobCatalog)services.Single(d => d.ServiceType == typeof(JobCatalog)).ImplementationInstance!;
            // Once a year at most: it runs when the test asks.
            catalog.Add(JobCatalogExtensions.Registration<FailingJob>(FailingName, "fails on purpose", new JobSchedule("0 0 0 1 1 *", TimeZoneInfo.Utc)));
            catalog.Add(JobCatalogExtensions.Registration<FailingJob>(UnscheduledName, "removed from storage by a test", new JobSchedule("0 0 0 1 1 *", TimeZoneInfo.Utc)));
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDashboard_ListsEveryRecurringJobWithItsNextRun_ForAdministratorsAndTheCommandCentreOnly()
    {
        var page = await _app.Client.GetStringAsync("/admin/hangfire/recurring");
        foreach (var job in _app.Service<JobCatalog>().Jobs)
        {
            Assert.Contains(job.Name, page, StringComparison.Ordinal);
        }

        var command = await _app.SignInAsync("command");
        Assert.Contains(Web.Features.Patrols.PublishPatrolPlanJob.Name, await command.GetStringAsync("/admin/hangfire/recurring"), StringComparison.Ordinal);
        using var leader = await (await _app.SignInAsync("leader", followRedirects: false)).GetAsync("/admin/hangfire/recurring");
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        // A browser asking for the page is sent to sign in (a script gets a plain 401).
        using var ask = new HttpRequestMessage(HttpMethod.Get, "/admin/hangfire/recurring") { Headers = { { "Accept", "text/html" } } };
        using var nobody = await _app.Anonymous(followRedirects: false).SendAsync(ask);
        Assert.Equal(HttpStatusCode.Redirect, nobody.StatusCode);
        Assert.Contains("/account/sign-in", nobody.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandCentre_CannotTriggerFromTheDashboard_AndAnAdministratorsTriggerIsAudited()
    {
        var before = await PatrolPlanJobsAsync();
        var command = await _app.SignInAsync("command");
        using (var refused = await TriggerOnDashboardAsync(command, "patrol-plan"))
        {
            Assert.False(refused.IsSuccessStatusCode, $"read-only dashboard answered {(int)refused.StatusCode}");
        }

        Assert.Equal(before, await PatrolPlanJobsAsync());

        using (var triggered = await TriggerOnDashboardAsync(_app.Client, "patrol-plan"))
        {
            Assert.True(triggered.IsSuccessStatusCode, $"trigger answered {(int)triggered.StatusCode}");
        }

        Assert.Equal(before + 1, await PatrolPlanJobsAsync());
        Assert.Equal(["patrol-plan"], await _app.Database.StringsAsync(
            $"SELECT detail FROM audit_log WHERE action = 'job-dashboard' AND actor LIKE '%({TestApp.AdminName})' AND target = '/recurring/trigger'"));

        // A job page's requeue posts no body at all (the id is in the path): audited too. The stats every page polls are not.
        var jobId = (await _app.Database.StringsAsync("SELECT max(id)::text FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%PublishPatrolPlanJob%'"))[0];
        using (var requeue = await PostOnDashboardAsync(_app.Client, $"/admin/hangfire/jobs/actions/requeue/{jobId}", body: null))
        {
            Assert.Equal(HttpStatusCode.NoContent, requeue.StatusCode);
        }

        using (var stats = await PostOnDashboardAsync(_app.Client, "/admin/hangfire/stats", [new("metrics[]", "enqueued:count")]))
        {
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }

        Assert.Equal([$"/jobs/actions/requeue/{jobId}"], await _app.Database.StringsAsync(
            "SELECT target FROM audit_log WHERE action = 'job-dashboard' AND target <> '/recurring/trigger'"));
    }

    [Fact]
    public async Task AnotherAppInTheProcessStopping_LeavesThisAppsJobsRunning()
    {
        // Hangfire logs through one provider per process; a stopped app's logger factory once stalled every other app's workers.
        await using (await TestApp.StartAsync(withDemo: false))
        {
        }

        await using var events = await DatabaseNotifications.ListenAsync(_app.Database, JobNotifications.Sql("PublishPatrolPlanJob"), "job_succeeded");
        Assert.Equal(JobRunOutcome.Queued, await RunNowAsync("patrol-plan"));
        await events.NextAsync("job_succeeded", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunNow_OfAJobTheSharedScheduleLacks_SaysSo_AndAuditsNothing()
    {
        _app.Service<Hangfire.IRecurringJobManager>().RemoveIfExists(UnscheduledName);
        Assert.Equal(JobRunOutcome.NotScheduled, await RunNowAsync(UnscheduledName));
        Assert.Equal(0, await _app.Database.CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'job-run' AND target = '{UnscheduledName}'"));
    }

    [Fact]
    public async Task RunNow_IsAudited_WithTheJobItStarted()
    {
        await using var events = await DatabaseNotifications.ListenAsync(_app.Database, JobNotifications.Sql("PublishPatrolPlanJob"), "job_succeeded");
        Assert.Equal(JobRunOutcome.Queued, await RunNowAsync("patrol-plan"));
        var jobId = await events.NextAsync("job_succeeded", TimeSpan.FromSeconds(30));
        Assert.Equal([jobId], await _app.Database.StringsAsync(
            $"SELECT detail FROM audit_log WHERE action = 'job-run' AND target = 'patrol-plan' AND actor LIKE '%({TestApp.AdminName})'"));
        var page = await _app.Client.GetStringAsync("/admin/jobs");
        Assert.Contains($"/admin/hangfire/jobs/details/{jobId}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedJob_IsOnTheDashboardWithItsException_ItsLogLinesCarryTheJobAndTraceIds_AndItIsCounted()
    {
        await using var events = await DatabaseNotifications.ListenAsync(_app.Database, JobNotifications.Sql(nameof(FailingJob)), "job_failed");
        Assert.Equal(JobRunOutcome.Queued, await RunNowAsync(FailingName));
        var jobId = await events.NextAsync("job_failed", TimeSpan.FromSeconds(30));

        var details = await _app.Client.GetStringAsync($"/admin/hangfire/jobs/details/{jobId}");
        Assert.Contains(nameof(InvalidOperationException), details, StringComparison.Ordinal);
        Assert.Contains(FailingJob.Message, details, StringComparison.Ordinal);
        var line = Assert.Single(_logs.Lines, l => l.Category == typeof(FailingJob).FullName);
        Assert.Equal(jobId, line.Scope["JobId"]);
        Assert.Equal(FailingName, line.Scope["Job"]);
        // Each run is its own trace: its lines share the run's trace id, and the failure is counted for the metrics.
        Assert.Matches("^[0-9a-f]{32}$", line.Scope["TraceId"]?.ToString() ?? "");
        Assert.Matches($"(?m)^gridops_job_failures_total{{[^}}]*gridops_job=\"{FailingName}\"[^}}]*}} 1$", await _app.Client.GetStringAsync("/metrics"));
        // No automatic retry for a job that did not ask for one: the next occurrence is its retry.
        Assert.Equal(1, await _app.Database.CountAsync($"SELECT count(*) FROM hangfire.state WHERE jobid = {jobId} AND name = 'Processing'"));
    }

    [Fact]
    public async Task TheMonthFreeze_RunAgainAfterItCommitted_ChangesNothing()
    {
        await using var events = await DatabaseNotifications.ListenAsync(_app.Database, JobNotifications.Sql(nameof(FreezeLastMonthJob)), "job_succeeded");
        var lastMonth = _app.Service<AssessmentStore>().CurrentMonth().AddMonths(-1);
        Assert.Equal(JobRunOutcome.Queued, await RunNowAsync(FreezeLastMonthJob.Name));
        await events.NextAsync("job_succeeded", TimeSpan.FromSeconds(60));

        var runsSql = $"SELECT month || ' ' || kind || ' ' || created_at FROM assessment_runs WHERE month = '{lastMonth:yyyy-MM-dd}'";
        var unitsSql = $"SELECT count(*) FROM assessments WHERE month = '{lastMonth:yyyy-MM-dd}' AND kind = 'final'";
        var frozen = await _app.Database.StringsAsync(runsSql);
        var units = await _app.Database.CountAsync(unitsSql);
        Assert.Single(frozen);

        Assert.Equal(JobRunOutcome.Queued, await RunNowAsync(FreezeLastMonthJob.Name));
        await events.NextAsync("job_succeeded", TimeSpan.FromSeconds(60));

        Assert.Equal(frozen, await _app.Database.StringsAsync(runsSql));
        Assert.Equal(units, await _app.Database.CountAsync(unitsSql));
    }

    /// <summary>"Run now" as the jobs page asks for it, in the test administrator's name.</summary>
    private Task<JobRunOutcome> RunNowAsync(string job) =>
        _app.Service<JobRunner>().RunNowAsync(job, $"Test ({TestApp.AdminName})", CancellationToken.None);

    private Task<HttpResponseMessage> TriggerOnDashboardAsync(HttpClient client, string job) =>
        PostOnDashboardAsync(client, "/admin/hangfire/recurring/trigger", [new("jobs[]", job)]);

    /// <summary>Posts as the dashboard's script does: the antiforgery token in a header, a form body or none.</summary>
    private async Task<HttpResponseMessage> PostOnDashboardAsync(HttpClient client, string path, KeyValuePair<string, string>[]? body)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, "/account");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : new FormUrlEncodedContent(body) };
        request.Headers.Add(_app.Service<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value.HeaderName!, token);
        return await client.SendAsync(request);
    }

    private Task<long> PatrolPlanJobsAsync() => _app.Database.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%PublishPatrolPlanJob%'");
}

/// <summary>A job that logs a line and fails, as a broken job would.</summary>
public sealed class FailingJob(ILogger<FailingJob> logger) : IScheduledJob
{
    public const string Message = "failing on purpose, as a broken job would";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("About to fail on purpose");
        throw new InvalidOperationException(Message);
    }
}
