using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;

namespace GridOps.Bench;

/// <summary>
/// A large district for benchmarks: a jittered lattice of quadrilateral micro-grids (448 × 448 =
/// 200,704), grids of 4 × 4 cells, communities of 4 × 4 grids and streets of 7 × 7 communities.
/// Every block shares the lattice's vertices, so the levels tile exactly without any union.
/// </summary>
internal static class SyntheticDistrict
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static IReadOnlyList<AreaDraft> Generate(int cellsPerSide = 448, double lon0 = 116.0, double lat0 = 39.0, double cellDegrees = 0.0005)
    {
        var random = new Random(42);
        var vertices = new Coordinate[cellsPerSide + 1, cellsPerSide + 1];
        for (var i = 0; i <= cellsPerSide; i++)
        {
            for (var j = 0; j <= cellsPerSide; j++)
            {
                // The outer frame stays straight so the district is a clean rectangle.
                var edge = i == 0 || j == 0 || i == cellsPerSide || j == cellsPerSide;
                var jitter = edge ? 0 : cellDegrees * 0.3;
                vertices[i, j] = new Coordinate(
                    lon0 + i * cellDegrees + (random.NextDouble() - 0.5) * jitter,
                    lat0 + j * cellDegrees + (random.NextDouble() - 0.5) * jitter);
            }
        }

        var areas = new List<AreaDraft> { Block(vertices, "SYN", "合成区", AreaLevel.District, null, 0, 0, cellsPerSide) };
        const int grid = 4, community = 16, street = 112;
        foreach (var (level, size, parentSize) in new[] { (AreaLevel.Street, street, cellsPerSide), (AreaLevel.Community, community, street), (AreaLevel.Grid, grid, community), (AreaLevel.MicroGrid, 1, grid) })
        {
            for (var i = 0; i < cellsPerSide; i += size)
            {
                for (var j = 0; j < cellsPerSide; j += size)
                {
                    var parent = level == AreaLevel.Street ? "SYN" : Code(level - 1, i / parentSize * parentSize, j / parentSize * parentSize);
                    areas.Add(Block(vertices, Code(level, i, j), $"{level}{i}_{j}", level, parent, i, j, size));
                }
            }
        }

        return areas;
    }

    private static string Code(AreaLevel level, int i, int j) => $"SYN-{(int)level}-{i}-{j}";

    private static AreaDraft Block(Coordinate[,] v, string code, string name, AreaLevel level, string? parent, int i0, int j0, int size)
    {
        var ring = new List<Coordinate>();
        for (var i = i0; i < i0 + size; i++)
        {
            ring.Add(v[i, j0]);
        }

        for (var j = j0; j < j0 + size; j++)
        {
            ring.Add(v[i0 + size, j]);
        }

        for (var i = i0 + size; i > i0; i--)
        {
            ring.Add(v[i, j0 + size]);
        }

        for (var j = j0 + size; j > j0; j--)
        {
            ring.Add(v[i0, j]);
        }

        ring.Add(v[i0, j0]);
        var polygon = Factory.CreatePolygon(ring.Select(c => c.Copy()).ToArray());
        return new AreaDraft(code, name, level, parent, Factory.CreateMultiPolygon([polygon]), level == AreaLevel.MicroGrid ? 40 : 0);
    }
}
