namespace GridOps.Web.Features.Incidents;

/// <summary>Every kind of event in an incident's log. Stored as a number: append only, never renumber.</summary>
public enum IncidentAction
{
    Report = 0,
    Accept = 1,
    Dispatch = 2,
    Whistle = 3,      // 吹哨: the street names departments
    ReportIn = 4,     // 报到: a named department acknowledges
    StartHandling = 5,
    ReportBack = 6,   // 反馈
    Close = 7,        // 核查结案
    Evaluate = 8,
    Return = 9,       // 回退: back to the centre for another dispatch
    Rework = 10,      // 返工: the report back was not good enough
    RequestExtension = 11,
    ApproveExtension = 12,
    RejectExtension = 13,
    Suspend = 14,
    Resume = 15,
    Void = 16,
    Merge = 17,
    Retier = 18,
    Escalate = 19,    // 超期升级: the overdue engine moves it one level up the tree and raises its tier (never a person's command)
}
