namespace GridOps.Web.Features.Access;

/// <summary>Who a principal is to GridOps. Stored as a number: append only, never renumber.</summary>
public enum AccessRole : short
{
    Administrator = 0,
    CommandCentre = 1,   // 指挥中心: reads everything, coordinates the loop
    WallScreen = 2,      // 大屏: a kiosk device token, read-only
    Leader = 3,          // 镇街领导
    CommunityStaff = 4,  // 社区工作人员
    GridWorker = 5,      // 网格员
    DepartmentStaff = 6, // 职能部门
    Supervisor = 7,      // 督办 / 值班长
    HotlineGateway = 8,  // 12345 接口 (API key)
    Open311Client = 9,   // Open311 客户端 (API key)
    Importer = 10,       // 数据导入 (API key): boundary files for one district, or every district
}

/// <summary>What a role may do; every endpoint and page names exactly one of these.</summary>
public enum Capability
{
    ReadIncidents,
    ReportIncident,
    Coordinate,      // accept, dispatch, whistle, verify and close, rework, extensions, suspend, void, merge, retier
    Handle,          // report in, start handling, report back, ask for more time, hand back
    Evaluate,
    EditCatalogue,
    ImportHierarchy,
    ManageAccess,
    ReadAudit,
    ReceiveHotline,
    UseOpen311,
    Supervise,       // the alert inbox: acknowledge, reassign, escalate, comment; grid health
    Patrol,          // check in on patrol in one's own grid
    ManageNeeds,     // demand and resource lists: list needs, record claims and results
    ViewJobs,        // the scheduled-work dashboard, read-only unless one may also ManageAccess
    ReadMetrics,     // the Prometheus text at /metrics (a configured scraper address is let in without a sign-in)
    ImportHistory,   // a district's past incidents from its previous system (docs/history.md)
}

/// <summary>How a principal proved who it is: a person's password, a wall screen's device token, a machine's API key.</summary>
public enum PrincipalKind
{
    User,
    Device,
    ApiKey,
}
