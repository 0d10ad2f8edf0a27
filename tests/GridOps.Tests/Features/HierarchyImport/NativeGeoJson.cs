using System.Globalization;
using System.Text.Json.Nodes;

namespace GridOps.Tests.Features.HierarchyImport;

/// <summary>Builds small GridOps-format FeatureCollections for import tests.</summary>
internal sealed class NativeGeoJson
{
    private readonly JsonArray _features = [];

    public NativeGeoJson Add(string level, string code, string? parent, JsonNode? geometry, string? name = null)
    {
        _features.Add(new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject { ["level"] = level, ["code"] = code, ["name"] = name ?? $"名称{code}", ["parent"] = parent },
            ["geometry"] = geometry,
        });
        return this;
    }

    /// <summary>A district T0, street T0-S and community T0-S-C, each the square (x0,y0)–(x0+4,y0+4) in hundredths of a degree.</summary>
    public static NativeGeoJson District(string code = "T0", double x0 = 0) => new NativeGeoJson()
        .Add("district", code, null, Square(x0, 0, x0 + 4, 4))
        .Add("street", $"{code}-S", code, Square(x0, 0, x0 + 4, 4))
        .Add("community", $"{code}-S-C", $"{code}-S", Square(x0, 0, x0 + 4, 4));

    /// <summary>Imports two districts side by side, NY (grid NY-S-C-1, around 110.01, 30.01) and SH (grid SH-S-C-1, around 110.11, 30.01).</summary>
    public static async Task ImportNewYorkAndShanghaiAsync(GridOps.TestSupport.TestApp app)
    {
        foreach (var district in new[]
        {
            District("NY", 0).Add("grid", "NY-S-C-1", "NY-S-C", Square(0, 0, 4, 4)),
            District("SH", 10).Add("grid", "SH-S-C-1", "SH-S-C", Square(10, 0, 14, 4)),
        })
        {
            using var imported = await app.Client.PostAsync("/api/hierarchy/import",
                new System.Net.Http.StringContent(district.ToString(), System.Text.Encoding.UTF8, "application/geo+json"));
            imported.EnsureSuccessStatusCode();
        }
    }

    public static JsonNode Square(double x0, double y0, double x1, double y1) => Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]);

    public static JsonNode Polygon(IEnumerable<(double X, double Y)> ring) => new JsonObject
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(ring.Select(p => (JsonNode)new JsonArray(110 + p.X / 100, 30 + p.Y / 100)).ToArray())),
    };

    public static JsonNode Raw(string type, string coordinatesJson) =>
        new JsonObject { ["type"] = type, ["coordinates"] = JsonNode.Parse(coordinatesJson) };

    public override string ToString() => new JsonObject { ["type"] = "FeatureCollection", ["features"] = _features.DeepClone() }.ToJsonString();

    public Stream ToStream() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ToString()));

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
