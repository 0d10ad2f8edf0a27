namespace GridOps.Web.Features.Alerts;

/// <summary>The overdue engine's clocks (section <c>Alerts</c>), in wall-clock minutes.</summary>
public sealed class AlertOptions
{
    /// <summary>An incident still overdue this long after its last escalation climbs another level.</summary>
    public double EscalateOverdueEveryMinutes { get; set; } = 120;

    /// <summary>An open alert nobody acknowledged is sent again this often…</summary>
    public double RenotifyMinutes { get; set; } = 15;

    /// <summary>…and moves one level up the tree after this long.</summary>
    public double EscalateUnacknowledgedMinutes { get; set; } = 60;

    public TimeSpan EscalateOverdueEvery => TimeSpan.FromMinutes(EscalateOverdueEveryMinutes);

    public TimeSpan Renotify => TimeSpan.FromMinutes(RenotifyMinutes);

    public TimeSpan EscalateUnacknowledged => TimeSpan.FromMinutes(EscalateUnacknowledgedMinutes);
}
