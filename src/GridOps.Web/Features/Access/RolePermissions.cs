namespace GridOps.Web.Features.Access;

/// <summary>The role table: the one place that says which role may do what.</summary>
public static class RolePermissions
{
    private static readonly Capability[] Field = [Capability.ReadIncidents, Capability.ReportIncident, Capability.Handle, Capability.Evaluate];

    private static readonly Dictionary<AccessRole, HashSet<Capability>> Table = new()
    {
        // Everything a person can do; the machine doors (12345 batches, Open311) take keys only.
        [AccessRole.Administrator] = [.. Enum.GetValues<Capability>().Except([Capability.ReceiveHotline, Capability.UseOpen311])],
        [AccessRole.CommandCentre] = [Capability.ReadIncidents, Capability.ReportIncident, Capability.Coordinate, Capability.Evaluate, Capability.Supervise, Capability.ManageNeeds, Capability.ViewJobs],
        [AccessRole.Supervisor] = [Capability.ReadIncidents, Capability.ReportIncident, Capability.Coordinate, Capability.Evaluate, Capability.Supervise, Capability.ManageNeeds],
        [AccessRole.Leader] = [.. Field, Capability.Coordinate, Capability.Supervise, Capability.ManageNeeds],
        [AccessRole.CommunityStaff] = [.. Field, Capability.ManageNeeds],
        [AccessRole.GridWorker] = [.. Field, Capability.Patrol],
        [AccessRole.DepartmentStaff] = [Capability.ReadIncidents, Capability.Handle],
        [AccessRole.WallScreen] = [Capability.ReadIncidents],
        [AccessRole.HotlineGateway] = [Capability.ReceiveHotline, Capability.ReportIncident],
        [AccessRole.Open311Client] = [Capability.UseOpen311],
        [AccessRole.Importer] = [Capability.ImportHierarchy, Capability.ImportHistory],
    };

    public static bool Has(AccessRole role, Capability permission) => Table.TryGetValue(role, out var set) && set.Contains(permission);

    /// <summary>Roles a person can be given (devices and machines get keys, not passwords).</summary>
    public static readonly AccessRole[] PersonRoles =
    [
        AccessRole.Administrator, AccessRole.CommandCentre, AccessRole.Supervisor, AccessRole.Leader,
        AccessRole.CommunityStaff, AccessRole.GridWorker, AccessRole.DepartmentStaff,
    ];

    public static readonly AccessRole[] KeyRoles = [AccessRole.WallScreen, AccessRole.HotlineGateway, AccessRole.Open311Client, AccessRole.Importer];
}

/// <summary>Policy names for endpoints and pages: <c>RequireAuthorization(Can.ReadIncidents)</c>.</summary>
public static class Can
{
    public const string Prefix = "can:";
    public const string ReadIncidents = Prefix + nameof(Capability.ReadIncidents);
    public const string ReportIncident = Prefix + nameof(Capability.ReportIncident);
    public const string Coordinate = Prefix + nameof(Capability.Coordinate);
    public const string Handle = Prefix + nameof(Capability.Handle);
    public const string Evaluate = Prefix + nameof(Capability.Evaluate);
    public const string EditCatalogue = Prefix + nameof(Capability.EditCatalogue);
    public const string ImportHierarchy = Prefix + nameof(Capability.ImportHierarchy);
    public const string ManageAccess = Prefix + nameof(Capability.ManageAccess);
    public const string ReadAudit = Prefix + nameof(Capability.ReadAudit);
    public const string ReceiveHotline = Prefix + nameof(Capability.ReceiveHotline);
    public const string UseOpen311 = Prefix + nameof(Capability.UseOpen311);
    public const string Supervise = Prefix + nameof(Capability.Supervise);
    public const string Patrol = Prefix + nameof(Capability.Patrol);
    public const string ManageNeeds = Prefix + nameof(Capability.ManageNeeds);
    public const string ViewJobs = Prefix + nameof(Capability.ViewJobs);
    public const string ReadMetrics = Prefix + nameof(Capability.ReadMetrics);
    public const string ImportHistory = Prefix + nameof(Capability.ImportHistory);

    /// <summary>Signed in as anyone: pages every role sees (the account page).</summary>
    public const string SignedIn = Prefix + "SignedIn";

    /// <summary>Any action on an incident: the handler checks the action's own permission.</summary>
    public const string ActOnIncidents = Prefix + "ActOnIncidents";

    public static Capability? PermissionOf(string policy) =>
        policy.StartsWith(Prefix, StringComparison.Ordinal) && Enum.TryParse<Capability>(policy[Prefix.Length..], out var p) ? p : null;
}
