using System.Collections.Concurrent;
using Npgsql;

namespace GridOps.Web.Features.Access;

/// <summary>
/// Server-side end of a sign-in session. A cookie is self-contained, so before issue 15 a copy taken
/// before "sign out" kept working for its 12 hours; now every session carries an id, signing out
/// records it as ended, and each request checks. "Still open" answers are remembered for
/// <see cref="PrincipalCache.Lifetime"/> (the node that signs out forgets at once; another node within that time).
/// </summary>
public sealed class SessionRegistry(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string Claim = "gridops:session";

    /// <summary>The longest a session cookie lives (a wall screen's); an ended id is kept that long.</summary>
    public static readonly TimeSpan LongestSession = TimeSpan.FromDays(30);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _open = new();

    public static Guid NewId() => Guid.NewGuid();

    public async Task<bool> IsOpenAsync(Guid session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_open.TryGetValue(session, out var until) && until > now)
        {
            return true;
        }

        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM ended_sessions WHERE session_id = $1)");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = session });
        var ended = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (!ended)
        {
            if (_open.Count > 10_000)
            {
                _open.Clear();
            }

            _open[session] = now + PrincipalCache.Lifetime;
        }

        return !ended;
    }

    public async Task EndAsync(Guid session, CancellationToken cancellationToken)
    {
        _open.TryRemove(session, out _);
        var now = time.GetUtcNow();
        // Ended ids are only needed while a cookie could still carry them; old ones go with each sign-out.
        await using var batch = dataSource.CreateBatch();
        var end = new NpgsqlBatchCommand("INSERT INTO ended_sessions (session_id, ended_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        end.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = session });
        end.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        end.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + LongestSession });
        batch.BatchCommands.Add(end);
        var prune = new NpgsqlBatchCommand("DELETE FROM ended_sessions WHERE expires_at < $1");
        prune.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
