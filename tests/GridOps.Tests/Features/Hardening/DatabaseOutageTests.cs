using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Hardening;

/// <summary>
/// The database goes away under a running app (a relay between them is cut, as a PostgreSQL stop or a
/// network fault cuts it) and comes back. Writes must say "try again shortly", not fail with a bare
/// 500; stopping the app must not wait for a database that is not there.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static readonly string[] ReportedBeside = ["Healthy", "Degraded"];
    private static readonly object[] Ticket = [new { ticket_id = "OUT-1", category_code = "environment.appearance", description = "路灯不亮" }];

    [Fact]
    public async Task WhileTheDatabaseIsAway_WritesAnswer503WithRetryAfter_AndSucceedOnceItIsBack()
    {
        await using var database = await TestDatabase.CreateWithDemoAsync();
        await using var proxy = TcpOutageProxy.Start(database.ConnectionString);
        await using var app = new GridOpsAppFactory(proxy.Through(database.ConnectionString));
        using var hotline = app.CreateClient();
        hotline.DefaultRequestHeaders.Add("X-Api-Key", TestApp.HotlineKey);
        using (var warm = await app.CreateClient().GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            // The framework's checks, each named: the database decides readiness; jobs and the live stream report beside it.
            var checks = System.Text.Json.JsonDocument.Parse(await warm.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
            Assert.Contains(checks.GetProperty("jobs").GetProperty("status").GetString(), ReportedBeside);
            Assert.Contains(checks.GetProperty("live").GetProperty("status").GetString(), ReportedBeside);
        }

        proxy.GoDown();
        using (var away = await hotline.PostAsJsonAsync("/api/hotline/tickets", Ticket))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, away.StatusCode);
            Assert.Equal("5", away.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("application/problem+json", away.Content.Headers.ContentType?.MediaType);
        }

        using (var ready = await app.CreateClient().GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var check = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("database");
            Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        }

        // Liveness runs no check: a database outage must not get the node restarted.
        using (var live = await app.CreateClient().GetAsync("/healthz/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        proxy.ComeBack();
        // A client does what Retry-After says; connections the outage broke are dropped on first use.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5 && !statuses.Contains(HttpStatusCode.OK); attempt++)
        {
            using var again = await hotline.PostAsJsonAsync("/api/hotline/tickets", Ticket);
            statuses.Add(again.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'OUT-1'"));
    }

    [Fact]
    public async Task WithTheDatabaseAway_ASigtermStopsTheProcessInSeconds_NotMinutes()
    {
        await using var database = await TestDatabase.CreateWithDemoAsync();
        await using var proxy = TcpOutageProxy.Start(database.ConnectionString);
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource();
        using var app = AppProcess.Start(proxy.Through(database.ConnectionString), port, started);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            proxy.GoDown();
            // Until readiness says so, the background work has not yet met the outage either.
            using (var ready = await http.GetAsync("/healthz/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            var stopping = Stopwatch.StartNew();
            AppProcess.Terminate(app);
            // The host gives its services 10 s, and stopping is waiting, not work: 30 s is three times that
            // on any machine, and far below the minute and more the process once ran on, retrying, until it
            // was killed (issue 15; measured here: 50–75 s before, about 10 s after).
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.WaitForExitAsync(patience.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            Assert.True(app.HasExited, $"still running {stopping.Elapsed.TotalSeconds:F0} s after SIGTERM with the database away");
            Assert.Equal(0, app.ExitCode);
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
            }
        }
    }
}
