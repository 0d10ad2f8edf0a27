using System.Globalization;
using System.Text.Json;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>What an import stored, per level.</summary>
public sealed record ImportSummary(string DistrictCode, IReadOnlyDictionary<AreaLevel, int> Areas,
    IReadOnlyDictionary<AreaLevel, int> SourcePolygons, IReadOnlyList<string> Repairs)
{
    /// <summary>Current areas the import retired (or, in a preview, would retire).</summary>
    public int Retired { get; init; }

    /// <summary>True when nothing was stored: the counts are what the import would do.</summary>
    public bool Preview { get; init; }
}

/// <summary>
/// Reads GeoJSON layers through a mapping, validates every feature and the parent chain, and
/// stores the district all at once. Any problem refuses the whole import (ImportRejectedException).
/// </summary>
public sealed class HierarchyImporter(HierarchyWriter writer, Platform.Telemetry.GridOpsMetrics metrics)
{
    /// <summary>Longest area code accepted (national codes have 12 digits; micro-grid codes add a few segments).</summary>
    public const int MaxCode = 64;

    /// <summary>Longest area name accepted (the same as a hand edit's).</summary>
    public const int MaxName = 200;

    private const int MaxProblemsReported = 200;

    public async Task<ImportSummary> ImportAsync(ImportMapping mapping, Func<string, Stream> openFile, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        using var span = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("hierarchy import");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var stored = false;
        try
        {
            var summary = await ImportAllOrNothingAsync(mapping, openFile, progress, cancellationToken);
            stored = true;
            return summary;
        }
        finally
        {
            metrics.Imported(System.Diagnostics.Stopwatch.GetElapsedTime(started), stored);
        }
    }

    private async Task<ImportSummary> ImportAllOrNothingAsync(ImportMapping mapping, Func<string, Stream> openFile, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        if (!CoordinateSystemNames.TryParse(mapping.Crs, out var system))
        {
            throw new ImportRejectedException([new ImportProblem("mapping", null, null, $"unknown crs '{mapping.Crs}'; use wgs84, gcj02 or bd09.")]);
        }

        var features = new List<ParsedFeature>();
        var repairs = new List<string>();
        foreach (var layer in mapping.Layers)
        {
            await using var stream = OpenOrReport(openFile, layer.File, problems);
            if (stream is null)
            {
                continue;
            }

            if (!CoordinateSystemNames.TryParse(layer.Crs ?? mapping.Crs, out var layerSystem))
            {
                problems.Add(new ImportProblem(layer.File, null, null, $"unknown crs '{layer.Crs}'; use wgs84, gcj02 or bd09."));
                continue;
            }

            var before = features.Count;
            await ReadLayerAsync(layer, stream, layerSystem, mapping.Repair, features, problems, repairs, cancellationToken);
            progress?.Report($"Read {features.Count - before:N0} features from {layer.File}.");
        }

        var drafts = BuildDrafts(mapping, features, problems);
        if (problems.Count > 0)
        {
            throw new ImportRejectedException(problems.Take(MaxProblemsReported).ToList());
        }

        progress?.Report($"Validated {drafts.Count:N0} areas from {features.Count:N0} polygons.");
        int retired;
        try
        {
            retired = await writer.WriteAsync(drafts, [], new HierarchyWriteOptions(mapping.RetireMissing, mapping.Preview), progress, cancellationToken) ?? 0;
        }
        catch (HierarchyWriteException e)
        {
            throw new ImportRejectedException([new ImportProblem("database", null, null, e.Message)]);
        }

        return new ImportSummary(drafts[0].Code,
            drafts.GroupBy(d => d.Level).ToDictionary(g => g.Key, g => g.Count()),
            features.GroupBy(f => f.Level).ToDictionary(g => g.Key, g => g.Count()),
            repairs)
        {
            Retired = retired,
            Preview = mapping.Preview,
        };
    }

    private static Stream? OpenOrReport(Func<string, Stream> openFile, string file, List<ImportProblem> problems)
    {
        try
        {
            return openFile(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException or UnauthorizedAccessException)
        {
            problems.Add(new ImportProblem(file, null, null, "the file is missing or cannot be read."));
            return null;
        }
    }

    private static async Task ReadLayerAsync(ImportLayer layer, Stream stream, CoordinateSystem system, bool repair, List<ParsedFeature> features,
        List<ImportProblem> problems, List<string> repairs, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            problems.Add(new ImportProblem(layer.File, null, null, $"is not valid JSON: {e.Message}"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "FeatureCollection"
                || !root.TryGetProperty("features", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new ImportProblem(layer.File, null, null, "is not a GeoJSON FeatureCollection."));
                return;
            }

            if (DeclaredCrs(root) is { } crs && !IsLonLatCrs(crs))
            {
                problems.Add(new ImportProblem(layer.File, null, null, $"declares the coordinate system '{crs}'; GridOps reads WGS-84 longitude/latitude (or gcj02/bd09 named in the mapping)."));
                return;
            }

            var index = 0;
            foreach (var feature in array.EnumerateArray())
            {
                if (ReadFeature(layer, feature, index, system, repair, problems, repairs) is { } parsed)
                {
                    features.Add(parsed);
                }

                index++;
            }
        }
    }

    private static ParsedFeature? ReadFeature(ImportLayer layer, JsonElement feature, int index, CoordinateSystem system, bool repair,
        List<ImportProblem> problems, List<string> repairs)
    {
        if (feature.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(layer.File, index, null, "is not a GeoJSON Feature object."));
            return null;
        }

        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var code = Text(properties, layer.Code)?.Trim();
        var shownCode = code is { Length: > MaxCode } ? code[..MaxCode] + "…" : code;
        void Report(string reason) => problems.Add(new ImportProblem(layer.File, index, shownCode, reason));

        if (string.IsNullOrEmpty(code))
        {
            Report($"has no code in property '{layer.Code}'.");
            return null;
        }

        var name = Text(properties, layer.Name)?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Report($"has no name in property '{layer.Name}'.");
            return null;
        }

        // A 1 MB name was once stored; codes and names are what people read in lists and on the wall.
        if (code.Length > MaxCode || name.Length > MaxName)
        {
            Report($"has a {(code.Length > MaxCode ? "code" : "name")} longer than {(code.Length > MaxCode ? MaxCode : MaxName)} characters.");
            return null;
        }

        if ((Platform.Requests.StorableText.Problem(code) ?? Platform.Requests.StorableText.Problem(name)) is { } unstorable)
        {
            Report("has a code or name that " + unstorable);
            return null;
        }

        var levelText = layer.Level ?? (layer.LevelProperty is null ? null : Text(properties, layer.LevelProperty));
        if (!TryParseLevel(levelText, out var level))
        {
            Report($"has level '{levelText}'; use district, street, community, grid or microGrid.");
            return null;
        }

        var parent = layer.Parent is not null ? Text(properties, layer.Parent)?.Trim()
            : layer.ParentFromCode is { Length: > 0 } separator && code.LastIndexOf(separator, StringComparison.Ordinal) is var cut and > 0 ? code[..cut]
            : null;
        if (!TryCount(properties, layer.Households, out var households) || !TryCount(properties, layer.Population, out var population))
        {
            Report("has a household or population count that is not a whole number ≥ 0.");
            return null;
        }

        var kind = AreaKind.Regular;
        if (layer.Kind is not null && Text(properties, layer.Kind) is { Length: > 0 } kindText && !Enum.TryParse(kindText, ignoreCase: true, out kind))
        {
            Report($"has kind '{kindText}'; use one of {string.Join(", ", Enum.GetNames<AreaKind>())}.");
            return null;
        }

        try
        {
            var geometry = GeoJsonGeometryReader.Read(feature.TryGetProperty("geometry", out var g) ? g : default, system, repair, out var repaired);
            if (repaired is not null)
            {
                repairs.Add(new ImportProblem(layer.File, index, code, repaired).ToString());
            }

            return new ParsedFeature(layer.File, index, code, name, level, parent, households, population, kind, geometry);
        }
        catch (FormatException e)
        {
            Report(e.Message);
            return null;
        }
    }

    private static List<AreaDraft> BuildDrafts(ImportMapping mapping, List<ParsedFeature> features, List<ImportProblem> problems)
    {
        // Several polygons with one code are one area (a grid split by a road, say).
        var byCodeGroups = features.GroupBy(f => f.Code, StringComparer.Ordinal).ToList();
        var firstFeature = byCodeGroups.ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var areas = byCodeGroups.Select(group =>
        {
            var first = group.First();
            if (group.Any(f => f.Level != first.Level))
            {
                problems.Add(new ImportProblem(first.File, first.Index, first.Code, "the same code appears at two different levels."));
            }

            var boundary = group.Count() == 1 ? first.Boundary : Merge(group.Select(f => f.Boundary));
            return new AreaDraft(first.Code, first.Name, first.Level, first.ParentCode, boundary,
                group.Max(f => f.Households), group.Max(f => f.Population), first.Kind);
        }).ToList();

        var district = areas.Where(a => a.Level == AreaLevel.District).ToList();
        if (district.Count == 0 && mapping.District is { } d)
        {
            var streets = areas.Where(a => a.Level == AreaLevel.Street).ToList();
            if (streets.Count == 0)
            {
                problems.Add(new ImportProblem("mapping", null, null, "there are no streets to make the district of."));
                return areas;
            }

            district.Add(new AreaDraft(d.Code, d.Name, AreaLevel.District, null, Merge(streets.Select(s => s.Boundary)),
                streets.Sum(s => s.Households), streets.Sum(s => s.Population)));
            areas.Insert(0, district[0]);
        }

        if (district.Count != 1)
        {
            problems.Add(new ImportProblem("mapping", null, null, $"an import needs exactly one district (a feature of level district, or 'district' in the mapping); found {district.Count}."));
            return areas;
        }

        var byCode = areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        for (var i = 0; i < areas.Count; i++)
        {
            var area = areas[i];
            if (area.Level == AreaLevel.District)
            {
                continue;
            }

            var parentCode = area.ParentCode ?? (area.Level == AreaLevel.Street ? district[0].Code : null);
            var source = firstFeature[area.Code];
            if (parentCode is null || !byCode.TryGetValue(parentCode, out var parent))
            {
                problems.Add(new ImportProblem(source.File, source.Index, area.Code, parentCode is null ? "has no parent code." : $"names parent {parentCode}, which is not in the import."));
            }
            else if (parent.Level != area.Level - 1)
            {
                problems.Add(new ImportProblem(source.File, source.Index, area.Code, $"is a {area.Level} but its parent {parentCode} is a {parent.Level}."));
            }

            areas[i] = area with { ParentCode = parentCode };
        }

        return areas.OrderBy(a => a.Level).ToList();
    }

    private static MultiPolygon Merge(IEnumerable<MultiPolygon> parts)
    {
        var union = UnaryUnionOp.Union(parts.Cast<Geometry>().ToList());
        var merged = union as MultiPolygon ?? union.Factory.CreateMultiPolygon([(Polygon)union]);
        merged.SRID = 4326;
        return merged;
    }

    private static string? DeclaredCrs(JsonElement root) =>
        root.TryGetProperty("crs", out var crs) && crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var props)
            ? Text(props, "name") : null;

    private static bool IsLonLatCrs(string crs) =>
        crs.Contains("CRS84", StringComparison.OrdinalIgnoreCase) || crs.EndsWith("4326", StringComparison.Ordinal) || crs.EndsWith("4490", StringComparison.Ordinal);

    private static string? Text(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return null;
        }

        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate, which JsonDocument will not hand over: kept broken, so the
            // storable-text rule refuses the feature by name instead of the import failing with a 500.
            return "\uFFFD\uD800";
        }
    }

    private static bool TryCount(JsonElement properties, string? property, out int count)
    {
        count = 0;
        var text = property is null ? null : Text(properties, property);
        return text is null || (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) && count >= 0);
    }

    private static bool TryParseLevel(string? text, out AreaLevel level)
    {
        level = text?.Trim().ToLowerInvariant() switch
        {
            "district" or "区" or "县" => AreaLevel.District,
            "street" or "township" or "街道" or "乡镇" => AreaLevel.Street,
            "community" or "village" or "社区" or "村" => AreaLevel.Community,
            "grid" or "网格" => AreaLevel.Grid,
            "microgrid" or "micro-grid" or "micro_grid" or "微网格" => AreaLevel.MicroGrid,
            _ => (AreaLevel)(-1),
        };
        return Enum.IsDefined(level);
    }

    private sealed record ParsedFeature(string File, int Index, string Code, string Name, AreaLevel Level, string? ParentCode,
        int Households, int Population, AreaKind Kind, MultiPolygon Boundary);
}
