using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// How a set of GeoJSON files maps onto the hierarchy: which file holds which level, and which
/// feature properties hold the code, name, parent and counts. Documented in docs/import.md.
/// </summary>
public sealed class ImportMapping
{
    /// <summary>The district to create when no feature of level "district" is imported.</summary>
    public ImportDistrict? District { get; set; }

    /// <summary>Put before every code the layers read (and the parents they name), so a second city's grid "1" is
    /// "NYC-1"; a layer's own <see cref="ImportLayer.CodePrefix"/> wins over this one.</summary>
    public string? CodePrefix { get; set; }

    /// <summary>Coordinate system of the files: wgs84 (default), gcj02 or bd09.</summary>
    public string Crs { get; set; } = "wgs84";

    public List<ImportLayer> Layers { get; set; } = [];

    /// <summary>Fix invalid polygons (self-intersecting rings) instead of refusing them; each fix is reported.</summary>
    public bool Repair { get; set; }

    /// <summary>Retire every current area the files lack, however many; without it an import that would retire
    /// more than a small share of the district is refused (<see cref="Hierarchy.HierarchyMerge.RetireWithoutConfirmation"/>).</summary>
    public bool RetireMissing { get; set; }

    /// <summary>Validate and merge, report the counts, store nothing.</summary>
    public bool Preview { get; set; }

    /// <summary>The mapping of GridOps' own export format: every level in one file.</summary>
    public static ImportMapping Native(string file) => new()
    {
        Layers =
        [
            new ImportLayer
            {
                File = file, LevelProperty = "level", Code = "code", Name = "name", Parent = "parent",
                Households = "households", Population = "population", Kind = "kind",
            },
        ],
    };

    public static ImportMapping Parse(string json) =>
        JsonSerializer.Deserialize<ImportMapping>(json, JsonOptions) ?? throw new JsonException("The mapping is empty.");

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new Platform.Requests.StorableTextJsonConverter() },
    };
}

public sealed class ImportDistrict
{
    public required string Code { get; set; }

    public required string Name { get; set; }
}

public sealed class ImportLayer
{
    /// <summary>File name, relative to the import folder (or the part name over HTTP).</summary>
    public required string File { get; set; }

    /// <summary>The level of every feature in the file: street, community, grid or microGrid.</summary>
    public string? Level { get; set; }

    /// <summary>Or: the property that holds each feature's level.</summary>
    public string? LevelProperty { get; set; }

    /// <summary>The property holding the code, or a template of properties: <c>"{BoroCD}"</c>, <c>"{boro}-{cd}"</c>.</summary>
    public string Code { get; set; } = "code";

    /// <summary>The property holding the name, or a template: <c>"{BoroName} {BoroCD}"</c>.</summary>
    public string Name { get; set; } = "name";

    /// <summary>Put before this layer's codes and the parent codes it names (wins over the mapping's).</summary>
    public string? CodePrefix { get; set; }

    /// <summary>
    /// The file is one published layer with no parents: GridOps makes the levels between the district and
    /// this layer — one street and one community per feature, or per value of <see cref="GroupBy"/>.
    /// </summary>
    public bool MakeParents { get; set; }

    /// <summary>With <see cref="MakeParents"/>: the property whose values are the made parents (a borough, a ward).</summary>
    public string? GroupBy { get; set; }

    /// <summary>The property that holds the parent's code. Streets default to the district.</summary>
    public string? Parent { get; set; }

    /// <summary>Or: take the parent's code from the feature's own code, cut at the last separator.</summary>
    public string? ParentFromCode { get; set; }

    public string? Households { get; set; }

    public string? Population { get; set; }

    public string? Kind { get; set; }

    /// <summary>This file's coordinate system when it differs from the mapping's (an official outline in GCJ-02, say).</summary>
    public string? Crs { get; set; }
}
