using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridOps.Web.Realtime;

/// <summary>
/// Readiness' view of this node's live stream: the pump reads at least every two seconds, so no read
/// for <see cref="Stalled"/> means the screens on this node see nothing new; rows older than
/// <see cref="Behind"/> when read means they see it late. Either is Degraded, not Unhealthy.
/// </summary>
internal sealed class LiveStreamHealthCheck(LiveStreamState state) : IHealthCheck
{
    public static readonly TimeSpan Stalled = TimeSpan.FromSeconds(15);
    public const double Behind = 5;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = state.SinceLastRead;
        var lag = state.LastLagSeconds;
        var description = $"last read {since.TotalSeconds:F1} s ago; newest row {lag:F2} s old when read";
        return Task.FromResult(since > Stalled || lag > Behind ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description));
    }
}
