using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Features.Alerts;

/// <summary>
/// The deadline sweep as scheduled work, every second. A run that finds another still sweeping
/// (a big escalation on another node) returns at once: the next tick covers the gap, so runs never
/// queue behind each other. Kept in the job history for ten minutes only: 86,400 runs a day.
/// </summary>
[KeepSucceededFor(minutes: 10)]
public sealed class DeadlineSweepJob(DeadlineSweep sweep) : IScheduledJob
{
    public const string Name = "deadline-sweep";

    public async Task RunAsync(CancellationToken cancellationToken) => await sweep.SweepAsync(cancellationToken, skipWhenBusy: true);
}

/// <summary>Drops live-stream rows past their retention (incidents and alerts keep their own history).</summary>
public sealed class LivePruneJob(DeadlineSweep sweep) : IScheduledJob
{
    public const string Name = "live-prune";

    public Task RunAsync(CancellationToken cancellationToken) => sweep.PruneAsync(cancellationToken);
}
