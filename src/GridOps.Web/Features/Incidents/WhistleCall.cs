namespace GridOps.Web.Features.Incidents;

/// <summary>One department named by a whistle (吹哨), with its report-in (报到) deadline.</summary>
public sealed record WhistleCall(string DepartmentCode, DateTimeOffset CalledAt, DateTimeOffset ReportInDueAt, DateTimeOffset? ReportedInAt);
