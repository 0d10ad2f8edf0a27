using Npgsql;

namespace GridOps.TestSupport;

/// <summary>
/// NOTIFY messages from a test's database (from triggers the test adds), awaited on the connection
/// itself: what another process or a background job did, without polling or sleeping.
/// </summary>
public sealed class DatabaseNotifications : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly List<(string Channel, string Payload)> _received = [];

    private DatabaseNotifications(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, e) => _received.Add((e.Channel, e.Payload));
    }

    /// <summary>Runs <paramref name="setupSql"/> (creating the triggers) and listens on <paramref name="channels"/>.</summary>
    public static async Task<DatabaseNotifications> ListenAsync(TestDatabase database, string setupSql, params string[] channels)
    {
        await using (var setup = new NpgsqlConnection(database.ConnectionString))
        {
            await setup.OpenAsync();
            await using var command = new NpgsqlCommand(setupSql, setup);
            await command.ExecuteNonQueryAsync();
        }

        var listener = new NpgsqlConnection(database.ConnectionString);
        await listener.OpenAsync();
        await using var listen = new NpgsqlCommand(string.Join(";", channels.Select(c => $"LISTEN {c}")), listener);
        await listen.ExecuteNonQueryAsync();
        return new DatabaseNotifications(listener);
    }

    /// <summary>The payload of the next notification on <paramref name="channel"/>, in the order they came; other channels' wait their turn.</summary>
    public async Task<string> NextAsync(string channel, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var index = _received.FindIndex(n => n.Channel == channel);
            if (index >= 0)
            {
                var payload = _received[index].Payload;
                _received.RemoveAt(index);
                return payload;
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
