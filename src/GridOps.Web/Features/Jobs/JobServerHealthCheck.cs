using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Readiness' view of scheduled work: this process runs a Hangfire server whose heartbeat is fresh
/// (a server id is <c>name:pid:guid</c>), and how many servers the cluster has. Degraded, not
/// Unhealthy: another node still runs the jobs, and requests are served either way.
/// </summary>
internal sealed class JobServerHealthCheck(JobStorage storage, [FromKeyedServices(Platform.WallClock.Key)] TimeProvider wallClock) : IHealthCheck
{
    /// <summary>Hangfire's heartbeat is every 30 s; two missed ones means the server is not working.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(75);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        var pid = $":{Environment.ProcessId}:";
        // Heartbeats are wall-clock UTC; compared with the wall clock, not business time (a test's or the demo's clock).
        var now = wallClock.GetUtcNow().UtcDateTime;
        var mine = servers.Where(s => s.Name.Contains(pid, StringComparison.Ordinal) && s.Heartbeat is { } beat && now - beat < Stale).ToList();
        var description = $"{servers.Count} job server(s) in the cluster; {mine.Count} on this node with a fresh heartbeat";
        return Task.FromResult(mine.Count > 0 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Degraded(description));
    }
}
