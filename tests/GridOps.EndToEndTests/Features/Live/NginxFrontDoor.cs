using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GridOps.EndToEndTests.Features.Live;

/// <summary>
/// A real nginx (Debian's package, installed by `./gridops test`) on loopback in front of several GridOps
/// nodes, routing as docs/live.md tells operators to: sticky by client address, WebSockets passed through,
/// the next node tried when one refuses. Each response names the node that served it (X-GridOps-Node).
/// </summary>
public sealed class NginxFrontDoor : IAsyncDisposable
{
    public const string NodeHeader = "x-gridops-node";

    private readonly Process _process;
    private readonly string _folder;

    private NginxFrontDoor(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <param name="nodes">The nodes' base addresses (http://127.0.0.1:port).</param>
    public static async Task<NginxFrontDoor> StartAsync(IEnumerable<string> nodes)
    {
        const string binary = "/usr/sbin/nginx";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("nginx is not installed: `./gridops test` installs it (apt-get install nginx).");
        }

        var folder = Directory.CreateTempSubdirectory("gridops-nginx-").FullName;
        // Workers run as an unprivileged user when the test runs as root: they must write their buffers here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        var port = FreePort();
        var servers = string.Concat(nodes.Select(node => $"    server {new Uri(node).Authority} max_fails=1 fail_timeout=60s;\n"));
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
              access_log off;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              upstream gridops {
                ip_hash;
            {{servers}}  }
              map $http_upgrade $connection_upgrade { default upgrade; '' close; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://gridops;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection $connection_upgrade;
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_read_timeout 1h;
                  add_header X-GridOps-Node $upstream_addr always;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "-p", folder + "/", "-c", config, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var door = new NginxFrontDoor(process, folder, port);
        await door.WaitUntilListeningAsync();
        return door;
    }

    // nginx says nothing when it is up, but it writes its pid file only after its listening sockets are open:
    // the file appearing is the signal. It fails fast (bad config, port taken) by exiting.
    private async Task WaitUntilListeningAsync()
    {
        var pidFile = Path.Combine(_folder, "nginx.pid");
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(_folder, "nginx.pid") { EnableRaisingEvents = true };
        watcher.Created += (_, _) => up.TrySetResult();
        watcher.Changed += (_, _) => up.TrySetResult();
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => up.TrySetResult();
        if (File.Exists(pidFile) || _process.HasExited)
        {
            up.TrySetResult();
        }

        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"nginx exited ({_process.ExitCode}): {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
        }
    }

    private string ErrorLog()
    {
        var path = Path.Combine(_folder, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
