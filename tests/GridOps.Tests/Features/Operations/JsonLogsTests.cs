using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Operations;

/// <summary>
/// A log collector reads GridOps' standard output as one JSON object per line when
/// <c>Logging__Console__FormatterName=json</c> is set, and finds every line of a request by its trace id.
/// </summary>
public sealed class JsonLogsTests
{
    [Fact]
    public async Task WithTheJsonFormatter_EveryStdoutLineIsAJsonObject_AndARequestsLinesCarryItsTraceId()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource();
        var lines = new ConcurrentQueue<string>();
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToString();
        using var app = AppProcess.Start(database.ConnectionString, port, started, new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            // The hosting layer's "Request starting/finished" lines, which the default levels leave out.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        }, lines.Enqueue);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/categories");
            request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
            using (var response = await http.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            // The process has answered; stopping it flushes the console queue before it exits.
            AppProcess.Terminate(app);
            await app.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
            }
        }

        var objects = lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(objects, o => o.GetProperty("Message").GetString()!.Contains("Application started", StringComparison.Ordinal));
        var ofRequest = objects.Where(o => o.TryGetProperty("Scopes", out var scopes)
            && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId)).ToList();
        Assert.Contains(ofRequest, o => o.GetProperty("Message").GetString()!.StartsWith("Request starting", StringComparison.Ordinal));
        Assert.Contains(ofRequest, o => o.GetProperty("Message").GetString()!.StartsWith("Request finished", StringComparison.Ordinal));
        Assert.All(objects, o => Assert.True(o.TryGetProperty("Category", out _) && o.TryGetProperty("LogLevel", out _)));
    }
}
