using System.Diagnostics.Metrics;
using Npgsql;

namespace GridOps.Web.Platform.Telemetry;

/// <summary>
/// "Overdue now" for the gauge. A scrape must not wait on the database, so it reads the last count
/// and, when that is older than <see cref="MaxAge"/>, starts a fresh count for the next scrape: the
/// number shown is at most one scrape interval old. Nothing is counted while nobody scrapes.
/// </summary>
public sealed class OverdueGauge
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly ILogger<OverdueGauge> _logger;

    private readonly TimeProvider _wallClock;

    public OverdueGauge(IMeterFactory meters, NpgsqlDataSource dataSource, TimeProvider clock,
        [FromKeyedServices(WallClock.Key)] TimeProvider wallClock, ILogger<OverdueGauge> logger)
    {
        _wallClock = wallClock;
        _dataSource = dataSource;
        _clock = clock;
        _logger = logger;
        meters.Create(GridOpsTelemetry.Name).CreateObservableGauge("gridops.incidents.overdue", Observe, "{incident}", "Open incidents past their time limit now");
    }

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private static readonly string Sql =
        $"SELECT count(*) FROM incidents i WHERE i.due_at IS NOT NULL AND i.due_at <= $1 AND {Features.Incidents.IncidentStates.OpenSql}";

    private long _count = -1;
    // A wall-clock timestamp: how stale a count is has nothing to do with business time.
    private long _countedAt;
    private int _counting;

    /// <summary>Nothing until the first count is in: a gauge that says 0 before it has looked would be a lie.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        var stale = Interlocked.Read(ref _count) < 0 || _wallClock.GetElapsedTime(Interlocked.Read(ref _countedAt)) > MaxAge;
        if (stale && Interlocked.Exchange(ref _counting, 1) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }

        var count = Interlocked.Read(ref _count);
        return count < 0 ? [] : [new Measurement<long>(count)];
    }

    /// <summary>Counts now (the scrape's background refresh, and tests that want the current value).</summary>
    public async Task RefreshAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _clock.GetUtcNow() });
            Interlocked.Exchange(ref _count, (long)(await command.ExecuteScalarAsync())!);
            Interlocked.Exchange(ref _countedAt, _wallClock.GetTimestamp());
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Counting overdue incidents for the metrics failed");
        }
        finally
        {
            Interlocked.Exchange(ref _counting, 0);
        }
    }
}
