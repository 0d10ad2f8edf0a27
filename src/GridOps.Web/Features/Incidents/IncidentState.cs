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

public enum IncidentSource
{
    GridWorker,
    Resident,
    Hotline,
    Open311,
    Api,
    CommandCentre,
}

public enum Evaluation
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}
