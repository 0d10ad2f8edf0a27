using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GridOps.TestSupport;

/// <summary>
/// A loopback TCP relay between the app and the test's real PostgreSQL, so a test can take the
/// database away the way an outage does (open connections cut, new ones refused) and bring it back
/// on the same port — without stopping the server every other test shares.
/// </summary>
public sealed class TcpOutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _pairs = new();
    private readonly CancellationTokenSource _stopped = new();
    private TcpListener? _listener;

    private TcpOutageProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; private set; }

    /// <summary>Starts relaying to the host and port of <paramref name="connectionString"/>.</summary>
    public static TcpOutageProxy Start(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var target = new IPEndPoint(Dns.GetHostAddresses(builder.Host!).First(a => a.AddressFamily == AddressFamily.InterNetwork), builder.Port);
        var proxy = new TcpOutageProxy(target, 0);
        proxy.Listen();
        return proxy;
    }

    /// <summary>The same connection string, through this relay.</summary>
    public string Through(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>The database is gone: every open connection is cut and new ones are refused.</summary>
    public void GoDown()
    {
        _listener?.Stop();
        _listener = null;
        foreach (var (client, server) in _pairs)
        {
            client.Close();
            server.Close();
        }

        _pairs.Clear();
    }

    /// <summary>The database is back, on the same port.</summary>
    public void ComeBack() => Listen();

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopped.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopped.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stopped.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            _pairs[client] = server;
            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream(), _stopped.Token), server.GetStream().CopyToAsync(client.GetStream(), _stopped.Token));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Cut by GoDown or by either side: the other side is closed below.
        }
        finally
        {
            _pairs.TryRemove(client, out _);
            client.Close();
            server.Close();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopped.Cancel();
        GoDown();
        _stopped.Dispose();
        return ValueTask.CompletedTask;
    }
}
