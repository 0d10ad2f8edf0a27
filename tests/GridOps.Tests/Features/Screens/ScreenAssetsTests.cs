using System.Diagnostics;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Screens;

/// <summary>
/// The interactive screens' files: Blazor's script and MudBlazor's styles are served in Production —
/// as <c>./gridops run</c> serves them (published output, run as its own process) and as the test host
/// does — and only the screens that run a circuit load them; the light pages stay script-free of Blazor.
/// </summary>
public sealed class ScreenAssetsTests : IAsyncLifetime
{
    private static readonly string[] Files = ["/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js"];
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePublishedApp_InProduction_ServesBlazorsScriptAndMudBlazorsFiles_ToAnyone()
    {
        var published = Environment.GetEnvironmentVariable("GRIDOPS_PUBLISHED") is { Length: > 0 } given && Directory.Exists(given)
            ? given : await PublishAsync();
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = AppProcess.Start(_app.Database.ConnectionString, port, started,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Alerts__Sweep"] = "false" }, published: published);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            foreach (var file in Files)
            {
                using var response = await client.GetAsync(file);
                Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode}");
                Assert.True(response.Content.Headers.ContentLength > 1000, $"{file}: {response.Content.Headers.ContentLength} bytes");
            }
        }
        finally
        {
            AppProcess.Terminate(process);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task TheTestHost_InProduction_ServesTheSameFiles()
    {
        using var anonymous = _app.Anonymous();
        foreach (var file in Files)
        {
            using var response = await anonymous.GetAsync(file);
            Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheOperatorsScreens_RunACircuit_WhileTheLightPagesLoadNoBlazorAtAll()
    {
        using var supervisor = await _app.SignInAsync("supervisor");
        foreach (var path in new[] { "/alerts", "/incidents", "/map", "/wall" })
        {
            var screen = await HtmlAsync(supervisor, path);
            Assert.Contains("_framework/blazor.web", screen, StringComparison.Ordinal);
            Assert.Contains("MudBlazor.min", screen, StringComparison.Ordinal);
            Assert.Contains("components-reconnect-modal", screen, StringComparison.Ordinal);
        }

        using var anonymous = _app.Anonymous();
        foreach (var (client, path) in new[] { (anonymous, "/report"), (anonymous, "/account/sign-in"), (supervisor, "/account") })
        {
            var page = await HtmlAsync(client, path);
            Assert.DoesNotContain("blazor.web", page, StringComparison.Ordinal);
            Assert.DoesNotContain("MudBlazor", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheCircuitsOwnEndpoints_RefuseAStranger()
    {
        using var anonymous = _app.Anonymous(followRedirects: false);
        using var negotiate = await anonymous.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.True(negotiate.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Redirect, $"{(int)negotiate.StatusCode}");
    }

    private static async Task<string> HtmlAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>What ./gridops run does, when the test runs outside ./gridops test (which publishes once for every test).</summary>
    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("gridops-publish-").FullName;
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(SharedData.RepositoryRoot, "src", "GridOps.Web"), "-c", "Release", "--no-build", "-o", output, "-nologo", "-v", "quiet"])
        { UseShellExecute = false })!;
        await publish.WaitForExitAsync();
        Assert.Equal(0, publish.ExitCode);
        return output;
    }
}
