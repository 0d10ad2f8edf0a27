using System.Text.Json;
using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// Writes a district as one GeoJSON FeatureCollection in GridOps' native form (parents first),
/// which <see cref="ImportMapping.Native"/> reads back unchanged.
/// </summary>
public sealed class HierarchyExporter(IDbContextFactory<GridOpsDbContext> contexts)
{
    /// <summary>Writes the district, or returns false when there is no such district (or <paramref name="mayRead"/> says no to its id).</summary>
    public async Task<bool> ExportAsync(string districtCode, Stream output, CancellationToken cancellationToken, Func<long?, bool>? mayRead = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One snapshot: a re-import committing mid-export must not leave a child without its parent's code.
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var district = await db.Areas.AsNoTracking().Where(a => a.Code == districtCode && a.Level == AreaLevel.District)
            .Select(a => new { a.Id }).SingleOrDefaultAsync(cancellationToken);
        if (district is null || mayRead?.Invoke(district.Id) == false)
        {
            return false;
        }

        var codes = await db.Areas.AsNoTracking().Where(a => a.Id == district.Id || a.AncestorIds.Contains(district.Id))
            .Select(a => new { a.Id, a.Code }).ToDictionaryAsync(a => a.Id, a => a.Code, cancellationToken);
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteString("name", districtCode);
        json.WriteStartArray("features");
        var areas = db.Areas.AsNoTracking().Where(a => a.Id == district.Id || a.AncestorIds.Contains(district.Id))
            .OrderBy(a => a.Level).ThenBy(a => a.Id).AsAsyncEnumerable();
        await foreach (var area in areas.WithCancellation(cancellationToken))
        {
            WriteFeature(json, area, area.ParentId is { } p ? codes[p] : null);
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return true;
    }

    private static void WriteFeature(Utf8JsonWriter json, Area area, string? parentCode)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("properties");
        json.WriteString("level", JsonNamingPolicy.CamelCase.ConvertName(area.Level.ToString()));
        json.WriteString("code", area.Code);
        json.WriteString("name", area.Name);
        if (parentCode is null)
        {
            json.WriteNull("parent");
        }
        else
        {
            json.WriteString("parent", parentCode);
        }

        json.WriteNumber("households", area.Households);
        json.WriteNumber("population", area.Population);
        json.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(area.Kind.ToString()));
        json.WriteEndObject();
        json.WriteStartObject("geometry");
        json.WriteString("type", "MultiPolygon");
        json.WriteStartArray("coordinates");
        foreach (var polygon in area.Boundary.Geometries.Cast<Polygon>())
        {
            json.WriteStartArray();
            WriteRing(json, polygon.ExteriorRing);
            foreach (var hole in polygon.InteriorRings)
            {
                WriteRing(json, hole);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRing(Utf8JsonWriter json, LineString ring)
    {
        json.WriteStartArray();
        foreach (var c in ring.Coordinates)
        {
            json.WriteStartArray();
            json.WriteNumberValue(c.X);
            json.WriteNumberValue(c.Y);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
