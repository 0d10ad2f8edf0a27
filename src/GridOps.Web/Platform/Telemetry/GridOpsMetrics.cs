using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GridOps.Web.Platform.Telemetry;

/// <summary>
/// GridOps' own instruments (meter <c>GridOps</c>), named after OpenTelemetry's conventions: dotted
/// lower-case names under <c>gridops.</c>, UCUM units, counts in curly braces. Prometheus shows them
/// as <c>gridops_incidents_reported_total</c> and so on (docs/operations.md lists them all).
/// Created from the host's <see cref="IMeterFactory"/>, so two apps in one process (tests) count apart.
/// </summary>
public sealed class GridOpsMetrics
{
    private readonly Counter<long> _reported;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _alertsRaised;
    private readonly Counter<long> _alertsAcknowledged;
    private readonly Histogram<double> _timeToAcknowledge;
    private readonly Histogram<double> _liveLag;
    private readonly Counter<long> _liveDelivered;
    private readonly UpDownCounter<long> _screens;
    private readonly Counter<long> _jobRuns;
    private readonly Counter<long> _jobFailures;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _importDuration;

    public GridOpsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GridOpsTelemetry.Name);
        _reported = meter.CreateCounter<long>("gridops.incidents.reported", "{incident}", "Incidents reported, by channel (grid worker app, resident, 12345 hotline, Open311, API)");
        _accepted = meter.CreateCounter<long>("gridops.incidents.accepted", "{incident}", "Incidents accepted into the closed loop");
        _closed = meter.CreateCounter<long>("gridops.incidents.closed", "{incident}", "Incidents verified and closed");
        _escalations = meter.CreateCounter<long>("gridops.escalations", "{escalation}", "Overdue incidents escalated one level up the tree");
        _alertsRaised = meter.CreateCounter<long>("gridops.alerts.raised", "{alert}", "Alerts raised for supervisors");
        _alertsAcknowledged = meter.CreateCounter<long>("gridops.alerts.acknowledged", "{alert}", "Alerts acknowledged by a supervisor");
        _timeToAcknowledge = meter.CreateHistogram("gridops.alerts.time_to_acknowledge", "s", "From an alert being raised to its acknowledgement",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] });
        _liveLag = meter.CreateHistogram("gridops.live.lag", "s", "From a change being written to this node's live stream reading it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _liveDelivered = meter.CreateCounter<long>("gridops.live.delivered", "{event}", "Live events read and sent to the screens' groups");
        _screens = meter.CreateUpDownCounter<long>("gridops.live.screens", "{connection}", "Live screens connected to this node, by the role signed in");
        _jobRuns = meter.CreateCounter<long>("gridops.job.runs", "{run}", "Scheduled job runs, by job and outcome");
        _jobFailures = meter.CreateCounter<long>("gridops.job.failures", "{run}", "Scheduled job runs that failed, by job");
        _jobDuration = meter.CreateHistogram("gridops.job.duration", "s", "How long a scheduled job ran",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _importDuration = meter.CreateHistogram("gridops.import.duration", "s", "How long a grid hierarchy import took, by outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
    }

    public void Reported(string channel) => _reported.Add(1, new KeyValuePair<string, object?>("gridops.channel", channel));

    public void Accepted() => _accepted.Add(1);

    public void Closed() => _closed.Add(1);

    public void Escalated(int incidents)
    {
        if (incidents > 0)
        {
            _escalations.Add(incidents);
        }
    }

    public void AlertsRaised(int alerts)
    {
        if (alerts > 0)
        {
            _alertsRaised.Add(alerts);
        }
    }

    public void AlertAcknowledged(TimeSpan sinceRaised)
    {
        _alertsAcknowledged.Add(1);
        _timeToAcknowledge.Record(Math.Max(0, sinceRaised.TotalSeconds));
    }

    public void LiveRead(int events, IEnumerable<double> lagSeconds)
    {
        _liveDelivered.Add(events);
        foreach (var lag in lagSeconds)
        {
            _liveLag.Record(Math.Max(0, lag));
        }
    }

    public void ScreenConnected(string role) => _screens.Add(1, new KeyValuePair<string, object?>("gridops.role", role));

    public void ScreenDisconnected(string role) => _screens.Add(-1, new KeyValuePair<string, object?>("gridops.role", role));

    public void JobRan(string job, TimeSpan elapsed, bool failed)
    {
        var tags = new TagList { { "gridops.job", job }, { "gridops.outcome", failed ? "failed" : "succeeded" } };
        _jobRuns.Add(1, tags);
        _jobDuration.Record(elapsed.TotalSeconds, tags);
        if (failed)
        {
            _jobFailures.Add(1, new KeyValuePair<string, object?>("gridops.job", job));
        }
    }

    public void Imported(TimeSpan elapsed, bool stored) =>
        _importDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("gridops.outcome", stored ? "stored" : "refused"));
}
