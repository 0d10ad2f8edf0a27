using System.Globalization;
using System.Text.Json;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using NetTopologySuite.Geometries;

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
public sealed partial class HierarchyImporter(HierarchyWriter writer, Platform.Telemetry.GridOpsMetrics metrics)
{
    /// <summary>Longest area code accepted (national codes have 12 digits; micro-grid codes add a few segments).</summary>
    public const int MaxCode = 64;

    /// <summary>Longest area name accepted (the same as a hand edit's).</summary>
    public const int MaxName = 200;

    private const int MaxProblemsReported = 200;

    /// <param name="mayWriteDistrict">Asked inside the write's transaction with the id of the district the files
    /// name (null when it is new): false refuses the import (<see cref="HierarchyWriteForbiddenException"/>).</param>
    public async Task<ImportSummary> ImportAsync(ImportMapping mapping, Func<string, Stream> openFile, IProgress<string>? progress, CancellationToken cancellationToken,
        Func<long?, bool>? mayWriteDistrict = null)
    {
        using var span = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("hierarchy import");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var stored = false;
        try
        {
            var summary = await ImportAllOrNothingAsync(mapping, openFile, progress, mayWriteDistrict, cancellationToken);
            stored = true;
            return summary;
        }
        finally
        {
            metrics.Imported(System.Diagnostics.Stopwatch.GetElapsedTime(started), stored);
        }
    }

    private async Task<ImportSummary> ImportAllOrNothingAsync(ImportMapping mapping, Func<string, Stream> openFile, IProgress<string>? progress,
        Func<long?, bool>? mayWriteDistrict, CancellationToken cancellationToken)
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
            if (LayerProblem(layer) is { } wrong)
            {
                problems.Add(new ImportProblem(layer.File, null, null, wrong));
                continue;
            }

            await ReadLayerAsync(new LayerReading(layer, layer.CodePrefix ?? mapping.CodePrefix ?? "", layerSystem, mapping.Repair), stream, features, problems, repairs, cancellationToken);
            progress?.Report($"Read {features.Count - before:N0} features from {layer.File}.");
        }

        var drafts = ImportDrafts.Build(mapping, features, problems);
        if (problems.Count > 0)
        {
            throw new ImportRejectedException(problems.Count <= MaxProblemsReported ? problems
                : [.. problems.Take(MaxProblemsReported), new ImportProblem("import", null, null, $"and {problems.Count - MaxProblemsReported:N0} more problems.")]);
        }

        progress?.Report($"Validated {drafts.Count:N0} areas from {features.Count:N0} polygons.");
        int retired;
        try
        {
            retired = await writer.WriteAsync(drafts, [], new HierarchyWriteOptions(mapping.RetireMissing, mapping.Preview, mayWriteDistrict), progress, cancellationToken) ?? 0;
        }
        catch (HierarchyWriteException e)
        {
            throw new ImportRejectedException([new ImportProblem("database", null, null, e.Message)]);
        }

        return new ImportSummary(drafts[0].Code,
            drafts.GroupBy(d => d.Level).ToDictionary(g => g.Key, g => g.Count()),
            features.Where(f => !f.Made).GroupBy(f => f.Level).ToDictionary(g => g.Key, g => g.Count()),
            repairs)
        {
            Retired = retired,
            Preview = mapping.Preview,
        };
    }

    /// <summary>What is wrong with a layer's own settings, before any feature is read.</summary>
    private static string? LayerProblem(ImportLayer layer) =>
        !layer.MakeParents ? (layer.GroupBy is null ? null : "groupBy needs makeParents: true.")
        : layer.Parent is not null || layer.ParentFromCode is not null ? "makeParents makes the parents; it cannot be combined with parent or parentFromCode."
        : layer.Level is null ? "makeParents needs the layer's level (community, grid or microGrid), not a level property."
        : TryParseLevel(layer.Level, out var level) && level >= AreaLevel.Community ? null
        : $"makeParents makes streets and communities above a layer of communities, grids or micro-grids; this layer's level is '{layer.Level}'.";

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

    private static async Task ReadLayerAsync(LayerReading reading, Stream stream, List<ParsedFeature> features,
        List<ImportProblem> problems, List<string> repairs, CancellationToken cancellationToken)
    {
        var layer = reading.Layer;
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
                if (ReadFeature(reading, feature, index, problems, repairs) is { } parsed)
                {
                    features.Add(parsed);
                    if (layer.MakeParents)
                    {
                        features.AddRange(MadeParents.Of(parsed, layer, reading.Prefix));
                    }
                }

                index++;
            }
        }
    }

    private static ParsedFeature? ReadFeature(LayerReading reading, JsonElement feature, int index, List<ImportProblem> problems, List<string> repairs)
    {
        var layer = reading.Layer;
        if (feature.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ImportProblem(layer.File, index, null, "is not a GeoJSON Feature object."));
            return null;
        }

        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var sourceCode = Value(properties, layer.Code, out var missingCode)?.Trim();
        var code = string.IsNullOrEmpty(sourceCode) ? null : reading.Prefix + sourceCode;
        var shownCode = code is { Length: > MaxCode } ? code[..MaxCode] + "…" : code;
        void Report(string reason) => problems.Add(new ImportProblem(layer.File, index, shownCode, reason));

        if (code is null || sourceCode is null)
        {
            Report($"has no code in {Named(layer.Code, missingCode)}.");
            return null;
        }

        var name = Value(properties, layer.Name, out var missingName)?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Report($"has no name in {Named(layer.Name, missingName)}.");
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

        string? groupKey = null;
        if (layer.GroupBy is { } groupBy && !MadeParents.TryKey(Text(properties, groupBy), groupBy, out groupKey, out var groupProblem))
        {
            Report(groupProblem);
            return null;
        }

        var parent = layer.Parent is not null ? Text(properties, layer.Parent)?.Trim() is { Length: > 0 } named ? reading.Prefix + named : null
            : layer.ParentFromCode is { Length: > 0 } separator && sourceCode.LastIndexOf(separator, StringComparison.Ordinal) is var cut and > 0 ? reading.Prefix + sourceCode[..cut]
            : layer.MakeParents ? MadeParents.Code(reading.Prefix, groupKey ?? sourceCode, level - 1)
            : null;
        // The longest code a made parent takes is its community's ("…/community").
        var longestParent = layer.MakeParents ? MadeParents.Code(reading.Prefix, groupKey ?? sourceCode, AreaLevel.Community) : parent;
        if (longestParent is { Length: > MaxCode })
        {
            Report($"would have a parent code longer than {MaxCode} characters ({longestParent[..20]}…).");
            return null;
        }

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
            var geometry = GeoJsonGeometryReader.Read(feature.TryGetProperty("geometry", out var g) ? g : default, reading.System, reading.Repair, out var repaired);
            if (repaired is not null)
            {
                repairs.Add(new ImportProblem(layer.File, index, code, repaired).ToString());
            }

            return new ParsedFeature(layer.File, index, code, name, level, parent, households, population, kind, geometry) { GroupKey = groupKey, SourceCode = sourceCode };
        }
        catch (FormatException e)
        {
            Report(e.Message);
            return null;
        }
    }

    /// <summary>A property's value, or a template's (<c>"{boro}-{cd}"</c>) with every property filled in; null names the one missing.</summary>
    private static string? Value(JsonElement properties, string spec, out string? missing)
    {
        missing = null;
        if (!spec.Contains('{', StringComparison.Ordinal))
        {
            return Text(properties, spec);
        }

        string? absent = null;
        var value = TemplateField().Replace(spec, field =>
        {
            var filled = Text(properties, field.Groups[1].Value)?.Trim();
            if (string.IsNullOrEmpty(filled))
            {
                absent ??= field.Groups[1].Value;
                return "";
            }

            return filled;
        });
        missing = absent;
        return absent is null ? value : null;
    }

    private static string Named(string spec, string? missing) =>
        missing is null ? $"property '{spec}'" : $"property '{missing}' (named in the template '{spec}')";

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial System.Text.RegularExpressions.Regex TemplateField();

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

    internal static bool TryParseLevel(string? text, out AreaLevel level)
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

    /// <summary>One layer as it is read: its settings, the prefix its codes take, its datum and whether to repair.</summary>
    private sealed record LayerReading(ImportLayer Layer, string Prefix, CoordinateSystem System, bool Repair);
}

/// <summary>A feature as read (or a parent made for one, <see cref="Made"/>), before features with one code become one area.</summary>
internal sealed record ParsedFeature(string File, int Index, string Code, string Name, AreaLevel Level, string? ParentCode,
    int Households, int Population, AreaKind Kind, MultiPolygon Boundary)
{
    /// <summary>Made by the import for a one-layer file (<see cref="ImportLayer.MakeParents"/>), not read from it.</summary>
    public bool Made { get; init; }

    /// <summary>The value of the layer's groupBy property (the made parents' name); null without grouping.</summary>
    public string? GroupKey { get; init; }

    /// <summary>The code as the file gives it, before the prefix.</summary>
    public string SourceCode { get; init; } = "";
}
