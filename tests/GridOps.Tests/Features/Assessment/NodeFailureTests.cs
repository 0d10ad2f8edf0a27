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
        var port = FreePort();
        using var doomed = StartNode(port);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilAsync(async () => (await TryGetAsync(http, "/healthz/ready")) == HttpStatusCode.OK, "the second node to start");
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

        await WaitUntilAsync(async () => await _survivor.Database.CountAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO assessment_runs%'") == 1, "the freeze to block mid-run");
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync();
        await hold.RollbackAsync();

        // Nothing of the killed run was kept; the survivor notices the dead node (15 s without a check-in) and runs the job again.
        await WaitUntilAsync(async () => await _survivor.Database.CountAsync(
            $"SELECT count(*) FROM assessment_runs WHERE kind = 'final' AND month = '{lastMonth:yyyy-MM-dd}'") == 1, "the month to be frozen by the survivor", TimeSpan.FromSeconds(90));
        var ranOn = (await _survivor.Database.StringsAsync("SELECT last_node FROM job_status WHERE job = 'assessment-freeze'"))[0];
        var survivor = await _survivor.Service<Quartz.ISchedulerFactory>().GetScheduler();
        Assert.Equal(survivor.SchedulerInstanceId, ranOn);
    }

    private Process StartNode(int port)
    {
        var web = Path.Combine(SharedData.RepositoryRoot, "src", "GridOps.Web");
        var start = new ProcessStartInfo("dotnet", Path.Combine(web, "bin", "Release", "net10.0", "GridOps.Web.dll"))
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["GRIDOPS_DB"] = _survivor.Database.ConnectionString;
        start.Environment["GRIDOPS_DEMO"] = "false";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_CONTENTROOT"] = web;
        start.Environment["Alerts__Sweep"] = "false";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Another process gives no signal a test could await: these waits look at the database (or the node) until it says so.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"Waited {clock.Elapsed.TotalSeconds:F0} s for {what}.");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
