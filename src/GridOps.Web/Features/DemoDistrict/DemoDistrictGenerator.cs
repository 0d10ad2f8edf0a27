using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Triangulate;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>The generated district: areas top-down (parents before children) and staff.</summary>
public sealed record DemoDistrict(IReadOnlyList<AreaDraft> Areas, IReadOnlyList<StaffDraft> Staff);

/// <summary>
/// Builds a fictional district deterministically from a seed. Micro-grids are Voronoi cells of
/// jittered, relaxed seeds; every higher level is the union of consecutive runs along a Hilbert
/// curve. Because every boundary is made of the very same Voronoi vertices, the levels tile the
/// district with no gaps and no overlaps by construction — no clipping, no floating-point slivers.
/// </summary>
public sealed class DemoDistrictGenerator(DemoDistrictOptions options)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    private static readonly GeometryFactory Metric = new(new PrecisionModel(), 0);

    public DemoDistrict Generate()
    {
        var random = new Random(options.Seed);
        var cells = BuildMicroCells(random);
        var warp = new DomainWarp(random, options.RadiusMetres);
        var ordered = cells.OrderBy(c => HilbertKey(warp.Apply(c.Centroid.Coordinate))).ToList();

        var grids = Chunk(ordered, random, 6, 10);
        var communities = Chunk(grids, random, 5, 8);
        var streets = ChunkEvenly(communities, ChineseNames.Streets.Length);
        return new Writer(random, options).Write(streets);
    }

    private List<Polygon> BuildMicroCells(Random random)
    {
        var spacing = options.MicroGridSpacingMetres;
        var radius = options.RadiusMetres;
        var sites = JitteredSites(random, spacing, radius * 1.35);
        var phases = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * Math.Tau).ToArray();

        // Two Lloyd passes even out the cells so they read as city blocks rather than noise.
        for (var pass = 0; pass < 2; pass++)
        {
            sites = Voronoi(sites).Select(c => c.Centroid.Coordinate).ToList();
        }

        return Voronoi(sites)
            .Where(c => IsInsideOutline(c.Centroid.Coordinate, radius, phases))
            .ToList();
    }

    private static List<Coordinate> JitteredSites(Random random, double spacing, double extent)
    {
        var sites = new List<Coordinate>();
        for (var y = -extent; y <= extent; y += spacing * 0.87)
        {
            for (var x = -extent; x <= extent; x += spacing)
            {
                var jx = (random.NextDouble() - 0.5) * spacing * 0.8;
                var jy = (random.NextDouble() - 0.5) * spacing * 0.8;
                sites.Add(new Coordinate(x + jx, y + jy));
            }
        }

        return sites;
    }

    private static List<Polygon> Voronoi(List<Coordinate> sites)
    {
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var diagram = builder.GetDiagram(Metric);
        return Enumerable.Range(0, diagram.NumGeometries).Select(i => (Polygon)diagram.GetGeometryN(i)).ToList();
    }

    // The district outline: a circle with a few low harmonics, so it looks like a real boundary.
    private static bool IsInsideOutline(Coordinate c, double radius, double[] phases)
    {
        var angle = Math.Atan2(c.Y, c.X);
        var r = radius * (1 + 0.13 * Math.Sin(2 * angle + phases[0]) + 0.08 * Math.Sin(3 * angle + phases[1])
            + 0.05 * Math.Sin(5 * angle + phases[2]) + 0.03 * Math.Sin(7 * angle + phases[3]));
        return Math.Sqrt(c.X * c.X + c.Y * c.Y) <= r;
    }

    private long HilbertKey(Coordinate c)
    {
        const int order = 16;
        var extent = options.RadiusMetres * 1.4;
        var scale = ((1 << order) - 1) / (2 * extent);
        var x = (int)Math.Clamp((c.X + extent) * scale, 0, (1 << order) - 1);
        var y = (int)Math.Clamp((c.Y + extent) * scale, 0, (1 << order) - 1);
        return HilbertCurve.IndexOf(x, y, order);
    }

    private static List<List<T>> Chunk<T>(IReadOnlyList<T> items, Random random, int min, int max)
    {
        var chunks = new List<List<T>>();
        var i = 0;
        while (i < items.Count)
        {
            var size = random.Next(min, max + 1);
            // Never leave a tail smaller than the minimum: fold it into the last chunk.
            if (items.Count - (i + size) < min)
            {
                size = items.Count - i;
            }

            chunks.Add(items.Skip(i).Take(size).ToList());
            i += size;
        }

        return chunks;
    }

    private static List<List<T>> ChunkEvenly<T>(List<T> items, int count)
    {
        var chunks = new List<List<T>>();
        for (var k = 0; k < count; k++)
        {
            var from = items.Count * k / count;
            var to = items.Count * (k + 1) / count;
            chunks.Add(items.Skip(from).Take(to - from).ToList());
        }

        return chunks;
    }

    /// <summary>Turns the nested chunks into named drafts with households and staff.</summary>
    private sealed class Writer(Random random, DemoDistrictOptions options)
    {
        private readonly List<AreaDraft> _areas = [];
        private readonly List<StaffDraft> _staff = [];
        private readonly HashSet<string> _usedCommunityNames = [];
        private int _dedicatedIndex;

        public DemoDistrict Write(List<List<List<List<Polygon>>>> streets)
        {
            var streetDrafts = new List<AreaDraft>();
            for (var s = 0; s < streets.Count; s++)
            {
                var (streetCode, streetName) = ChineseNames.Streets[s];
                var communityDrafts = streets[s].Select((grids, c) => WriteCommunity(grids, $"{streetCode}-{c + 1}", streetCode)).ToList();
                streetDrafts.Add(Union(streetCode, streetName, AreaLevel.Street, options.DistrictCode, communityDrafts));
            }

            _areas.Add(Union(options.DistrictCode, options.DistrictName, AreaLevel.District, null, streetDrafts));
            _areas.AddRange(streetDrafts);
            // Parents before children: a stable sort by level keeps each level in Hilbert order.
            return new DemoDistrict(_areas.OrderBy(a => a.Level).ToList(), _staff);
        }

        private AreaDraft WriteCommunity(List<List<Polygon>> grids, string code, string streetCode)
        {
            var name = NextCommunityName();
            var gridDrafts = grids.Select((cells, g) => WriteGrid(cells, $"{code}-{g + 1}", name, g + 1)).ToList();
            var community = Union(code, name, AreaLevel.Community, streetCode, gridDrafts);
            _areas.Add(community);
            return community;
        }

        private AreaDraft WriteGrid(List<Polygon> cells, string code, string communityName, int ordinal)
        {
            var households = SpreadHouseholds(cells.Count);
            var micro = new List<AreaDraft>();
            for (var m = 0; m < cells.Count; m++)
            {
                var microCode = $"{code}-{m + 1}";
                var boundary = ToWgs84(new MultiPolygon([cells[m]], Metric));
                micro.Add(new AreaDraft(microCode, $"第{ChineseNames.Numeral(m + 1)}微网格", AreaLevel.MicroGrid, code,
                    boundary, households[m], Population(households[m])));
                _staff.Add(NewStaff([(microCode, StaffRole.BuildingHead)]));
            }

            _areas.AddRange(micro);
            var (kind, name) = NextGridIdentity(communityName, ordinal);
            var grid = Union(code, name, AreaLevel.Grid, code[..code.LastIndexOf('-')], micro) with { Kind = kind };
            _areas.Add(grid);
            AddGridTeam(code);
            return grid;
        }

        private (AreaKind Kind, string Name) NextGridIdentity(string communityName, int ordinal)
        {
            // About one grid in twenty-five is a dedicated grid (专属网格): a school, hospital, market…
            if (random.Next(25) == 0)
            {
                var (kind, site) = ChineseNames.DedicatedSites[_dedicatedIndex++ % ChineseNames.DedicatedSites.Length];
                return (kind, $"{communityName}{site}专属网格");
            }

            return (AreaKind.Regular, $"{communityName}第{ChineseNames.Numeral(ordinal)}网格");
        }

        private void AddGridTeam(string gridCode)
        {
            _staff.Add(NewStaff([(gridCode, StaffRole.GridLeader)]));
            _staff.Add(NewStaff([(gridCode, StaffRole.PoliceOfficer)]));
            _staff.Add(NewStaff([(gridCode, StaffRole.FullTimeWorker)]));
            _staff.Add(NewStaff([(gridCode, StaffRole.PartTimeWorker)]));
            StaffRole[] others = [StaffRole.PartyMember, StaffRole.Volunteer, StaffRole.DepartmentStaff];
            for (var n = random.Next(0, 4); n > 0; n--)
            {
                _staff.Add(NewStaff([(gridCode, others[random.Next(others.Length)])]));
            }
        }

        private StaffDraft NewStaff(IReadOnlyList<(string, StaffRole)> assignments)
        {
            var name = ChineseNames.Surnames[random.Next(ChineseNames.Surnames.Length)]
                + ChineseNames.GivenNameChars[random.Next(ChineseNames.GivenNameChars.Length)]
                + (random.Next(3) == 0 ? "" : ChineseNames.GivenNameChars[random.Next(ChineseNames.GivenNameChars.Length)]);
            return new StaffDraft($"{options.DistrictCode}{_staff.Count + 1:D6}", name, assignments);
        }

        // Micro-grids hold 30–50 households and a grid 250–500, so lift small sums within the bounds.
        private int[] SpreadHouseholds(int count)
        {
            var households = Enumerable.Range(0, count).Select(_ => random.Next(30, 51)).ToArray();
            for (var i = 0; households.Sum() < 250; i = (i + 1) % count)
            {
                households[i] = Math.Min(50, households[i] + 5);
            }

            return households;
        }

        private int Population(int households) => (int)Math.Round(households * (2.3 + random.NextDouble() * 0.8));

        private string NextCommunityName()
        {
            while (true)
            {
                var name = ChineseNames.PlaceFirst[random.Next(ChineseNames.PlaceFirst.Length)]
                    + ChineseNames.PlaceSecond[random.Next(ChineseNames.PlaceSecond.Length)] + "社区";
                if (_usedCommunityNames.Add(name))
                {
                    return name;
                }
            }
        }

        private static AreaDraft Union(string code, string name, AreaLevel level, string? parentCode, IReadOnlyList<AreaDraft> parts)
        {
            var union = UnaryUnionOp.Union(parts.Select(p => (Geometry)p.Boundary).ToList());
            var boundary = union switch
            {
                MultiPolygon mp => mp,
                Polygon p => Wgs84.CreateMultiPolygon([p]),
                _ => throw new InvalidOperationException($"Union of {code} is {union.GeometryType}"),
            };
            return new AreaDraft(code, name, level, parentCode, boundary,
                parts.Sum(p => p.Households), parts.Sum(p => p.Population));
        }

        private MultiPolygon ToWgs84(MultiPolygon metric)
        {
            var lat0 = options.CentreLatitude * Math.PI / 180;
            var copy = (MultiPolygon)Wgs84.CreateGeometry(metric);
            copy.Apply(new MetresToDegreesFilter(options.CentreLongitude, options.CentreLatitude, Math.Cos(lat0)));
            copy.SRID = 4326;
            return copy;
        }
    }

    /// <summary>
    /// A smooth displacement of the plane. Ordering by the Hilbert index of warped positions bends
    /// the curve's square quadrants into the wavy outlines real streets and communities have; the
    /// displacement's slope stays below one, so runs along the curve stay contiguous.
    /// </summary>
    private sealed class DomainWarp(Random random, double radius)
    {
        private readonly double[] _phases = Enumerable.Range(0, 8).Select(_ => random.NextDouble() * Math.Tau).ToArray();

        public Coordinate Apply(Coordinate c)
        {
            double Wave(double a, double b, int k, double length) =>
                Math.Sin(a / length + _phases[k]) * Math.Cos(b / length + _phases[k + 1]);
            var (l1, l2) = (radius * 0.22, radius * 0.09);
            var (a1, a2) = (l1 * 0.55, l2 * 0.45);
            return new Coordinate(
                c.X + a1 * Wave(c.Y, c.X, 0, l1) + a2 * Wave(c.Y, c.X, 2, l2),
                c.Y + a1 * Wave(c.X, c.Y, 4, l1) + a2 * Wave(c.X, c.Y, 6, l2));
        }
    }

    private sealed class MetresToDegreesFilter(double lon0, double lat0, double cosLat0) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, lon0 + seq.GetX(i) / (111_320.0 * cosLat0));
            seq.SetY(i, lat0 + seq.GetY(i) / 110_540.0);
        }
    }
}
