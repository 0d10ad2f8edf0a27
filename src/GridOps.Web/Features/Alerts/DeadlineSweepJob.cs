using Quartz;

namespace GridOps.Web.Features.Alerts;

/// <summary>The deadline sweep as scheduled work: every second or so, on one node of the cluster at a time.</summary>
[DisallowConcurrentExecution]
public sealed class DeadlineSweepJob(DeadlineSweep sweep) : IJob
{
    public const string Name = "deadline-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(cancellationToken);
}

/// <summary>Drops live-stream rows past their retention (incidents and alerts keep their own history).</summary>
[DisallowConcurrentExecution]
public sealed class LivePruneJob(DeadlineSweep sweep) : IJob
{
    public const string Name = "live-prune";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.PruneAsync(cancellationToken);
}
