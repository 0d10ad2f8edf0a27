using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;

namespace GridOps.TestSupport;

/// <summary>
/// A SignalR client for tests and benchmarks: the JSON hub protocol over a WebSocket, skipping
/// negotiation (the .NET SignalR client is not in the package registry here). It keeps every
/// <c>events</c> batch it receives and answers invocations.
/// </summary>
public sealed class LiveHubClient : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const char Separator = '\u001e';

    private readonly WebSocket socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> pending = new();
    private readonly Channel<LiveEvent> events = Channel.CreateUnbounded<LiveEvent>();
    private readonly ConcurrentQueue<LiveEvent> received = new();
    private readonly ConcurrentQueue<(string Target, JsonElement Arguments)> messages = new();
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private int nextId;

    private LiveHubClient(WebSocket socket) => this.socket = socket;

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyCollection<LiveEvent> Received => received;

    /// <summary>Every message received so far (events, kpis, counts) with its raw arguments.</summary>
    public IReadOnlyCollection<(string Target, JsonElement Arguments)> Messages => messages;

    /// <summary>Called with each event batch as it arrives, on the receive loop (benchmarks time receipt here).</summary>
    public Action<IReadOnlyList<LiveEvent>>? OnEvents { get; set; }

    /// <summary>Connects over an open WebSocket (a test server's, or a <see cref="ClientWebSocket"/>) and shakes hands.</summary>
    public static async Task<LiveHubClient> ConnectAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        var client = new LiveHubClient(socket);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var handshake = await client.ReceiveFrameAsync(cancellationToken);
        if (handshake.Count != 1 || handshake[0] != "{}")
        {
            throw new InvalidOperationException("Hub handshake refused: " + string.Join("", handshake));
        }

        client.loop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Connects to a real server (Kestrel) with request headers (a session cookie, an API key).</summary>
    public static async Task<LiveHubClient> ConnectAsync(Uri baseAddress, IReadOnlyDictionary<string, string> headers, string path = LiveHub.Path,
        CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        var uri = new UriBuilder(new Uri(baseAddress, path)) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(uri, cancellationToken);
        return await ConnectAsync(socket, cancellationToken);
    }

    public async Task<T> InvokeAsync<T>(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }, Json), CancellationToken.None);
        var result = await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return result.Deserialize<T>(Json)!;
    }

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived (including one already received).</summary>
    public async Task<LiveEvent> WaitForAsync(Func<LiveEvent, bool> match, TimeSpan timeout)
    {
        if (received.FirstOrDefault(match) is { } already)
        {
            return already;
        }

        using var timer = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await events.Reader.ReadAsync(timer.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching live event within {timeout.TotalMilliseconds} ms; received: "
                + string.Join(", ", received.Select(e => $"{e.Seq} {e.Type} {e.Incident.Ticket}")));
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var frame in await ReceiveFrameAsync(stop.Token))
                {
                    Dispatch(frame);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            foreach (var waiting in pending.Values)
            {
                waiting.TrySetException(new InvalidOperationException("The hub connection closed.", e));
            }

            events.Writer.TryComplete();
        }
    }

    private void Dispatch(string frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var target = root.GetProperty("target").GetString()!;
                var arguments = root.GetProperty("arguments").Clone();
                messages.Enqueue((target, arguments));
                if (target == LivePump.EventsMessage)
                {
                    var batch = arguments[0].Deserialize<List<LiveEvent>>(Json)!;
                    OnEvents?.Invoke(batch);
                    foreach (var e in batch)
                    {
                        received.Enqueue(e);
                        events.Writer.TryWrite(e);
                    }
                }

                break;
            case 3:
                var id = root.GetProperty("invocationId").GetString()!;
                if (pending.TryRemove(id, out var completion))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        completion.TrySetException(new InvalidOperationException(error.GetString()));
                    }
                    else
                    {
                        completion.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                    }
                }

                break;
            case 7:
                throw new InvalidOperationException("The server closed the hub connection: " + frame);
        }
    }

    private async Task SendRawAsync(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json + Separator);
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    // One receive buffer per client, reused: a benchmark holds a thousand of these, and per-message
    // allocations would measure this client's garbage collector rather than the server.
    private byte[] buffer = new byte[8 * 1024];
    private int buffered;

    private async Task<List<string>> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var frames = new List<string>();
        while (frames.Count == 0)
        {
            if (buffered == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(buffered), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed");
            }

            buffered += result.Count;
            var start = 0;
            for (var i = 0; i < buffered; i++)
            {
                if (buffer[i] == (byte)Separator)
                {
                    frames.Add(Encoding.UTF8.GetString(buffer, start, i - start));
                    start = i + 1;
                }
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, buffered - start);
            buffered -= start;
        }

        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // Already gone: nothing to close.
        }

        if (loop is not null)
        {
            await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        socket.Dispose();
        stop.Dispose();
        sendLock.Dispose();
    }
}
