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
        : scope.DepartmentCode is { } department ? Department(department)
        : $"{LevelKey(scope.AreaLevel ?? AreaLevel.MicroGrid)}:{scope.AreaId}";

    /// <remarks>"district" is everything (every district); "district:ID" is one district's people.</remarks>
    private const string OneDistrict = "district:";

    public static string Department(string code) => "department:" + code;

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
            yield return Department(code);
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
        return key switch
        {
            "department" => ("i.involved_department_codes @> ARRAY[$P]::text[]", value),
            "district" => ("i.district_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "street" => ("i.street_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "community" => ("i.community_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            "grid" => ("i.grid_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => ("i.micro_grid_id = $P", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The area a group is named by (a district, street, community, grid or micro-grid), or null for everything and departments.</summary>
    public static long? AreaId(string group)
    {
        var colon = group.IndexOf(':');
        return colon > 0 && group[..colon] != "department"
            && long.TryParse(group[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
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
