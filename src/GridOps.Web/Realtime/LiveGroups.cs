using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Realtime;

/// <summary>
/// The hub groups a connection joins and an event is sent to. A viewer joins exactly one group,
/// named by its scope; an event goes to every group whose scope contains the incident — the same
/// rule as <see cref="Features.Incidents.IncidentScope"/>, so a screen never receives what its viewer may not read.
/// </summary>
public static class LiveGroups
{
    public const string District = "district";

    public static string For(AccessScope scope) =>
        scope.IsEverything ? District
        : scope.DepartmentCode is { } department ? Department(department, scope.AreaId)
        : $"{LevelKey(scope.AreaLevel ?? AreaLevel.MicroGrid)}:{scope.AreaId}";

    /// <remarks>"district" is everything (every district); "district:ID" is one district's people.</remarks>
    private const string OneDistrict = "district:";

    /// <summary>A department's group: a shared one's by code, a district's own by district and code (another city's "DOT"
    /// is another department, issue 20).</summary>
    public static string Department(string code, long? districtId) =>
        districtId is { } district ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"department:{district}:{code}") : "department:" + code;

    public static IEnumerable<string> Of(LiveIncidentScope incident)
    {
        yield return District;
        if (incident.DistrictId is { } district)
        {
            yield return OneDistrict + district;
        }
        if (incident.StreetId is { } street)
        {
            yield return $"street:{street}";
        }
        if (incident.CommunityId is { } community)
        {
            yield return $"community:{community}";
        }
        if (incident.GridId is { } grid)
        {
            yield return $"grid:{grid}";
        }
        if (incident.MicroGridId is { } micro)
        {
            yield return $"micro:{micro}";
        }
        foreach (var code in incident.DepartmentCodes)
        {
            // The shared department's group and the district's own one's: a code is one or the other, never both.
            yield return Department(code, null);
            if (incident.DistrictId is { } own)
            {
                yield return Department(code, own);
            }
        }
    }

    /// <summary>The SQL condition on <c>incidents i</c> for a group, with its one parameter (null for the district).</summary>
    public static (string Condition, object? Parameter) Condition(string group)
    {
        var colon = group.IndexOf(':');
        if (colon < 0)
        {
            return ("true", null);
        }
        var key = group[..colon];
        var value = group[(colon + 1)..];
        if (key == "department")
        {
            var (district, code) = DepartmentGroup(value);
            return district is { } own
                ? (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"i.involved_department_codes @> ARRAY[$P]::text[] AND i.district_id = {own}"), code)
                : ("i.involved_department_codes @> ARRAY[$P]::text[]", code);
        }

        return key switch
        {
            "district" => ("i.district_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "street" => ("i.street_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "community" => ("i.community_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "grid" => ("i.grid_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => ("i.micro_grid_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The area a group is named by (a district, street, community, grid or micro-grid; a district's own department's
    /// district), or null for everything and the shared departments.</summary>
    public static long? AreaId(string group)
    {
        var colon = group.IndexOf(':');
        if (colon > 0 && group[..colon] == "department")
        {
            return DepartmentGroup(group[(colon + 1)..]).District;
        }

        return colon > 0
            && long.TryParse(group[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    // After "department:": CODE (shared) or DISTRICT:CODE (a district's own); codes hold no colon.
    private static (long? District, string Code) DepartmentGroup(string value)
    {
        var inner = value.IndexOf(':');
        return inner > 0 && long.TryParse(value[..inner], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var district)
            ? (district, value[(inner + 1)..])
            : (null, value);
    }

    private static string LevelKey(AreaLevel level) => level switch
    {
        AreaLevel.District => "district",
        AreaLevel.Street => "street",
        AreaLevel.Community => "community",
        AreaLevel.Grid => "grid",
        _ => "micro",
    };
}

/// <summary>Where an incident is, for routing its events.</summary>
public sealed record LiveIncidentScope(long? StreetId, long? CommunityId, long? GridId, long? MicroGridId, string[] DepartmentCodes)
{
    public long? DistrictId { get; init; }
}
