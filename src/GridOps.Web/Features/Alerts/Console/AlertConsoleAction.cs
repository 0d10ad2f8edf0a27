namespace GridOps.Web.Features.Alerts.Console;

/// <summary>What a supervisor can do to the selected alert, each with its key.</summary>
public enum AlertConsoleAction
{
    Acknowledge,
    Escalate,
    Reassign,
    Comment,
    Open,
}
