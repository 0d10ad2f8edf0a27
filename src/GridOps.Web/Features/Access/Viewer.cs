using System.Globalization;
using System.Security.Claims;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Features.Access;

/// <summary>
/// The part of the hierarchy (or the department) a principal may see. An area scope covers the
/// area and everything inside it — a district scope that district and its incidents, located or not, and no
/// other district (issue 20); no scope at all covers everything, every district.
/// </summary>
public sealed record AccessScope(long? AreaId, AreaLevel? AreaLevel, string? DepartmentCode)
{
    public static readonly AccessScope Everything = new(null, null, null);

    public bool IsEverything => DepartmentCode is null && AreaId is null;

    /// <summary>Whether this scope may change a whole district (its boundaries, its settings): the whole database,
    /// or that district itself. A new district (null) needs the whole database.</summary>
    public bool CoversDistrict(long? districtId) =>
        DepartmentCode is null && (AreaId is null || (districtId is { } id && AreaLevel == Hierarchy.AreaLevel.District && AreaId == id));
}

/// <summary>Who is asking, read from the signed-in principal's claims: name, role, scope.</summary>
public sealed record Viewer(PrincipalKind Kind, long Id, string Name, string DisplayName, AccessRole Role, AccessScope Scope)
{
    public const string RoleClaim = "gridops:role";
    public const string KindClaim = "gridops:kind";
    public const string AreaClaim = "gridops:area";
    public const string LevelClaim = "gridops:level";
    public const string DepartmentClaim = "gridops:department";
    public const string StampClaim = "gridops:stamp";

    /// <summary>Nobody: an anonymous request, which may only use public pages.</summary>
    public static readonly Viewer Anonymous = new(PrincipalKind.User, 0, "", "", (AccessRole)(-1), new AccessScope(-1, AreaLevel.MicroGrid, null));

    /// <summary>The system itself (seeders, the command line, tests arranging data).</summary>
    public static readonly Viewer System = new(PrincipalKind.User, 0, "system", "系统", AccessRole.Administrator, AccessScope.Everything);

    public bool IsSignedIn => Id != 0 || ReferenceEquals(this, System);

    public bool Can(Capability permission) => IsSignedIn && RolePermissions.Has(Role, permission);

    /// <summary>Whose idempotency keys and source references these are: one namespace per principal, so
    /// nobody can claim another client's key or a 12345 ticket id in advance.</summary>
    /// <remarks>Every 12345 gateway key of one place is the same hotline: a ticket re-sent after a key rotation is still a
    /// duplicate. A key bound to an area is its own place's hotline, so a district's key cannot claim another district's
    /// (or the unbound gateway's) ticket ids in advance (issue 20).</remarks>
    public string ClientKey => ReferenceEquals(this, System) ? "system"
        : !IsSignedIn ? "public"
        : Role == AccessRole.HotlineGateway ? Scope.AreaId is { } area ? string.Create(CultureInfo.InvariantCulture, $"{HotlineClient}:{area}") : HotlineClient
        : string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()}:{Id}");

    /// <summary>The one client namespace of the 12345 hotline, whichever of its keys sent a ticket.</summary>
    public const string HotlineClient = "hotline";

    /// <summary>The name written into incident logs and the audit trail.</summary>
    public string ActorName => Kind == PrincipalKind.User ? $"{DisplayName} ({Name})" : Name;

    public static Viewer From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Enum.TryParse<AccessRole>(principal.FindFirstValue(RoleClaim), out var role)
            || !Enum.TryParse<PrincipalKind>(principal.FindFirstValue(KindClaim), out var kind)
            || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id))
        {
            return Anonymous;
        }

        long? area = long.TryParse(principal.FindFirstValue(AreaClaim), CultureInfo.InvariantCulture, out var a) ? a : null;
        AreaLevel? level = Enum.TryParse<AreaLevel>(principal.FindFirstValue(LevelClaim), out var l) ? l : null;
        var name = principal.FindFirstValue(ClaimTypes.Name) ?? "";
        return new Viewer(kind, id, name, principal.FindFirstValue(ClaimTypes.GivenName) ?? name, role,
            new AccessScope(area, level, principal.FindFirstValue(DepartmentClaim)));
    }

    public static ClaimsIdentity Identity(PrincipalKind kind, long id, string name, string displayName, AccessRole role, AccessScope scope, string? stamp, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.GivenName, displayName),
            new(RoleClaim, role.ToString()),
            new(KindClaim, kind.ToString()),
        };
        if (scope.AreaId is { } area)
        {
            claims.Add(new(AreaClaim, area.ToString(CultureInfo.InvariantCulture)));
            claims.Add(new(LevelClaim, scope.AreaLevel.ToString()!));
        }

        if (scope.DepartmentCode is { } department)
        {
            claims.Add(new(DepartmentClaim, department));
        }

        if (stamp is not null)
        {
            claims.Add(new(StampClaim, stamp));
        }

        return new ClaimsIdentity(claims, scheme, ClaimTypes.Name, RoleClaim);
    }
}

/// <summary>The viewer of the current request, for pages and endpoints.</summary>
public static class ViewerAccess
{
    public static Viewer Viewer(this HttpContext http) => Access.Viewer.From(http.User);
}
