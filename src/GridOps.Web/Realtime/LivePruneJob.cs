using GridOps.Web.Features.Jobs;
using Npgsql;

namespace GridOps.Web.Realtime;

/// <summary>Drops live-stream rows past their retention; incidents and alerts keep their own history.
/// A screen away longer than this reloads its picture instead of replaying (LiveHub.CatchUp).</summary>
public sealed class LivePruneJob(NpgsqlDataSource dataSource, TimeProvider clock) : IScheduledJob
{
    public const string Name = "live-prune";

    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM live_events WHERE recorded_at < $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - Retention });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
