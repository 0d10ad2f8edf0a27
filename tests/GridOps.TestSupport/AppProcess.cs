using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GridOps.TestSupport;

/// <summary>GridOps as its own OS process (the Release build <c>./gridops test</c> makes), for what only a
/// real process shows: being killed, or being asked to stop with SIGTERM.</summary>
public static class AppProcess
{
    /// <summary>Starts the app; <paramref name="started"/> completes when it says it is listening.</summary>
    /// <param name="stdout">Receives every line the process writes to standard output (its console log).</param>
    /// <param name="published">A <c>dotnet publish</c> output to run (as <c>./gridops run</c> does) instead of the build.</param>
    public static Process Start(string connectionString, int port, TaskCompletionSource started, IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? stdout = null, string? published = null)
    {
        var web = published ?? Path.Combine(SharedData.RepositoryRoot, "src", "GridOps.Web");
        var start = new ProcessStartInfo("dotnet", Path.Combine(published ?? Path.Combine(web, "bin", "Release", "net10.0"), "GridOps.Web.dll"))
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["GRIDOPS_DB"] = connectionString;
        start.Environment["GRIDOPS_DEMO"] = "false";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_CONTENTROOT"] = web;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stdout?.Invoke(e.Data);
            }

            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Asks the process to stop as a service manager or <c>docker stop</c> does (SIGTERM).</summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
