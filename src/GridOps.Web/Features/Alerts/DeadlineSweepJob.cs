using GridOps.Web.Features.Jobs;
using Hangfire;

namespace GridOps.Web.Features.Alerts;

/// <summary>
/// The deadline sweep as scheduled work, every second. A run that finds another still sweeping
/// (a big escalation on another node) returns at once: the next tick covers the gap, so runs never
/// queue behind each other. Kept in the job history for ten minutes only: 86,400 runs a day. A failed
/// run is not retried (the next second is its retry) and goes to Deleted with its exception, which
/// expires after a day, where Failed would keep every failed second for good.
/// </summary>
[KeepSucceededFor(minutes: 10)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class DeadlineSweepJob(DeadlineSweep sweep) : IScheduledJob
{
    public const string Name = "deadline-sweep";

    public async Task RunAsync(CancellationToken cancellationToken) => await sweep.SweepAsync(cancellationToken, skipWhenBusy: true);
}
