using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Assessment;

/// <summary>
/// A node killed in the middle of the monthly freeze: a second, real GridOps process is started on
/// the test's database, asked to freeze last month, held mid-run by a lock the test takes, and
/// killed with SIGKILL. The remaining node recovers the job (it asked for recovery) and finishes it.
/// </summary>
public sealed class NodeFailureTests : IAsyncLifetime
{
    private TestApp _survivor = null!;

    public async Task InitializeAsync() => _survivor = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });

    public async Task DisposeAsync() => await _survivor.DisposeAsync();

    [Fact]
    public async Task ANodeKilledMidFreeze_LeavesNothingHalfDone_AndTheOtherNodeFinishesTheMonth()
    {
        var lastMonth = _survivor.Service<GridOps.Web.Features.Assessment.AssessmentStore>().CurrentMonth().AddMonths(-1);
        var survivor = await _survivor.Service<Quartz.ISchedulerFactory>().GetScheduler();
        // Another process offers nothing to await, so the database tells: a job starting to execute, a month frozen.
        await using var events = await DatabaseEventsAsync();
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var doomed = AppProcess.Start(_survivor.Database.ConnectionString, port, started, new Dictionary<string, string> { ["Alerts__Sweep"] = "false" });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await SignIn.WithPasswordAsync(http, TestApp.AdminName, TestApp.AdminPassword);

        // Hold the freeze mid-run: it computes, then waits to write its run row.
        await using var blocker = new Npgsql.NpgsqlConnection(_survivor.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRuns = new Npgsql.NpgsqlCommand("LOCK TABLE assessment_runs IN EXCLUSIVE MODE", blocker, hold))
        {
            await lockRuns.ExecuteNonQueryAsync();
        }

        var token = await SignIn.AntiforgeryTokenAsync(http, "/admin/jobs");
        using (var run = await http.PostAsync("/admin/jobs/assessment-freeze/run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
        {
            Assert.True(run.IsSuccessStatusCode || run.StatusCode == HttpStatusCode.Redirect, $"run now: {(int)run.StatusCode}");
        }

        var executing = await events.NextAsync("freeze_executing", TimeSpan.FromSeconds(30));
        Assert.NotEqual(survivor.SchedulerInstanceId, executing); // the node about to be killed is the one running it
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync();
        await hold.RollbackAsync();

        // Nothing of the killed run was kept; the survivor notices the dead node (15 s without a check-in) and runs the job again.
        Assert.Equal(lastMonth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            await events.NextAsync("month_frozen", TimeSpan.FromSeconds(90)));
        Assert.Equal(1, await _survivor.Database.CountAsync($"SELECT count(*) FROM assessment_runs WHERE kind = 'final' AND month = '{lastMonth:yyyy-MM-dd}'"));
        var ranOn = (await _survivor.Database.StringsAsync("SELECT last_node FROM job_status WHERE job = 'assessment-freeze'"))[0];
        Assert.Equal(survivor.SchedulerInstanceId, ranOn);
    }

    /// <summary>Notifications from triggers the test adds to its own database: a freeze starting to execute (with the node), a month frozen.</summary>
    private async Task<DatabaseEvents> DatabaseEventsAsync()
    {
        await using (var setup = new Npgsql.NpgsqlConnection(_survivor.Database.ConnectionString))
        {
            await setup.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE FUNCTION test_freeze_executing() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.state = 'EXECUTING' AND NEW.job_name = 'assessment-freeze' THEN
                        PERFORM pg_notify('freeze_executing', NEW.instance_name);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_test_freeze_executing AFTER INSERT OR UPDATE ON qrtz_fired_triggers
                    FOR EACH ROW EXECUTE FUNCTION test_freeze_executing();
                CREATE FUNCTION test_month_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.kind = 'final' THEN
                        PERFORM pg_notify('month_frozen', NEW.month::text);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_test_month_frozen AFTER INSERT ON assessment_runs FOR EACH ROW EXECUTE FUNCTION test_month_frozen();
                """, setup);
            await command.ExecuteNonQueryAsync();
        }

        var listener = new Npgsql.NpgsqlConnection(_survivor.Database.ConnectionString);
        await listener.OpenAsync();
        await using var listen = new Npgsql.NpgsqlCommand("LISTEN freeze_executing; LISTEN month_frozen", listener);
        await listen.ExecuteNonQueryAsync();
        return new DatabaseEvents(listener);
    }

    private sealed class DatabaseEvents : IAsyncDisposable
    {
        private readonly Npgsql.NpgsqlConnection _connection;
        private readonly Queue<(string Channel, string Payload)> _received = new();

        public DatabaseEvents(Npgsql.NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _received.Enqueue((e.Channel, e.Payload));
        }

        /// <summary>The payload of the next notification on <paramref name="channel"/>, waiting on the connection (no polling).</summary>
        public async Task<string> NextAsync(string channel, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                while (_received.TryDequeue(out var notification))
                {
                    if (notification.Channel == channel)
                    {
                        return notification.Payload;
                    }
                }

                try
                {
                    await _connection.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"No '{channel}' notification within {timeout.TotalSeconds:F0} s.");
                }
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
