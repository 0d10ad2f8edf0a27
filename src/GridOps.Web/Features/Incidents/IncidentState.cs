namespace GridOps.Web.Features.Incidents;

/// <summary>Where an incident stands in the closed loop.</summary>
public enum IncidentState
{
    Reported,
    Accepted,
    Dispatched,
    Handling,
    ReportedBack,
    Closed,
    Evaluated,
    Returned,
    Suspended,
    Voided,
    Merged,
}

/// <summary>States an incident does not leave by working it (closed, evaluated, voided, merged).</summary>
public static class IncidentStates
{
    public static readonly IncidentState[] Finished = [IncidentState.Closed, IncidentState.Evaluated, IncidentState.Voided, IncidentState.Merged];

    public static bool IsOpen(IncidentState state) => !Finished.Contains(state);

    /// <summary>"Open" as a SQL condition on <c>incidents i</c>, from the same list.</summary>
    public static readonly string OpenSql = $"i.state NOT IN ({string.Join(", ", Finished.Select(s => (int)s))})";
}

/// <summary>The step whose time limit is running.</summary>
public enum IncidentStep
{
    Accept,
    Dispatch,
    Handle,
    Verify,
}

/// <summary>How far into its current limit an open incident is.</summary>
public enum Timeliness
{
    None,
    OnTime,
    Warning,
    Overdue,
}

public static class TimelinessRule
{
    /// <summary>Where <paramref name="now"/> falls against a step's warning and due instants (none while the clock is stopped).</summary>
    public static Timeliness At(DateTimeOffset? warnAt, DateTimeOffset? dueAt, DateTimeOffset now) =>
        dueAt is not { } due ? Timeliness.None
        : now >= due ? Timeliness.Overdue
        : warnAt is { } warn && now >= warn ? Timeliness.Warning
        : Timeliness.OnTime;
}

public enum IncidentSource
{
    GridWorker,
    Resident,
    Hotline,
    Open311,
    Api,
    CommandCentre,
    History,         // 历史导入: closed incidents of the previous system (docs/history.md)
}

public enum Evaluation
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}
