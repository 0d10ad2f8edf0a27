using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridOps.Tests.Features.DemoDistrict;

public sealed class DemoDistrictFixture
{
    public Web.Features.DemoDistrict.DemoDistrict District { get; } = new DemoDistrictGenerator(new DemoDistrictOptions()).Generate();

    public IEnumerable<AreaDraft> At(AreaLevel level) => District.Areas.Where(a => a.Level == level);
}

public sealed class DemoDistrictGeneratorTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    [Fact]
    public void Generate_MeetsTheDemoSize()
    {
        Assert.Single(demo.At(AreaLevel.District));
        Assert.InRange(demo.At(AreaLevel.Street).Count(), 8, 20);
        Assert.InRange(demo.At(AreaLevel.Community).Count(), 60, 200);
        Assert.InRange(demo.At(AreaLevel.Grid).Count(), 400, 1000);
        Assert.InRange(demo.At(AreaLevel.MicroGrid).Count(), 3000, 8000);
    }

    [Fact]
    public void Generate_HouseholdsStayWithinTheRealRanges()
    {
        Assert.All(demo.At(AreaLevel.Grid), g => Assert.InRange(g.Households, 250, 500));
        Assert.All(demo.At(AreaLevel.MicroGrid), m => Assert.InRange(m.Households, 30, 50));
        Assert.All(demo.At(AreaLevel.Grid), g => Assert.Equal(g.Households,
            demo.District.Areas.Where(m => m.ParentCode == g.Code).Sum(m => m.Households)));
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameDistrict()
    {
        var again = new DemoDistrictGenerator(new DemoDistrictOptions()).Generate();

        Assert.Equal(demo.District.Areas.Select(a => (a.Code, a.Name, a.Households)), again.Areas.Select(a => (a.Code, a.Name, a.Households)));
        Assert.True(demo.District.Areas[^1].Boundary.EqualsExact(again.Areas[^1].Boundary));
        Assert.Equal(demo.District.Staff.Select(s => s.Name), again.Staff.Select(s => s.Name));
    }

    [Fact]
    public void Generate_OtherSeed_GivesAnotherDistrict()
    {
        var other = new DemoDistrictGenerator(new DemoDistrictOptions { Seed = 7 }).Generate();

        Assert.NotEqual(demo.District.Areas.Select(a => a.Name).Take(50), other.Areas.Select(a => a.Name).Take(50));
    }

    [Theory]
    [InlineData(AreaLevel.Street)]
    [InlineData(AreaLevel.Community)]
    [InlineData(AreaLevel.Grid)]
    [InlineData(AreaLevel.MicroGrid)]
    public void Generate_EachLevelTilesTheDistrictWithNoGapsOrOverlaps(AreaLevel level)
    {
        var district = demo.At(AreaLevel.District).Single().Boundary;
        var parts = demo.At(level).Select(a => (Geometry)a.Boundary).ToList();

        var sumOfAreas = parts.Sum(p => p.Area);
        var union = UnaryUnionOp.Union(parts);

        // Overlaps would make the sum exceed the union; gaps would make the union fall short of the district.
        Assert.Equal(union.Area, sumOfAreas, district.Area * 1e-9);
        Assert.Equal(district.Area, union.Area, district.Area * 1e-9);
        Assert.True(district.Difference(union).Area < district.Area * 1e-9);
    }

    [Fact]
    public void Generate_EveryAreaLiesInsideItsParent()
    {
        var byCode = demo.District.Areas.ToDictionary(a => a.Code);
        Assert.All(demo.District.Areas.Where(a => a.ParentCode is not null), area =>
        {
            var parent = byCode[area.ParentCode!];
            Assert.Equal(area.Level - 1, parent.Level);
            Assert.True(area.Boundary.Difference(parent.Boundary).Area < area.Boundary.Area * 1e-9, $"{area.Code} leaves {parent.Code}");
        });
    }

    [Fact]
    public void Generate_ShapesAreIrregularNotALattice()
    {
        // A rectangle lattice has four-vertex cells with right angles; Voronoi blocks have 5–9 sides.
        var sides = demo.At(AreaLevel.MicroGrid).Select(m => ((Polygon)m.Boundary[0]).ExteriorRing.NumPoints - 1).ToList();

        Assert.InRange(sides.Average(), 5.0, 7.5);
        Assert.All(demo.District.Areas, a => Assert.True(a.Boundary.IsValid, $"{a.Code} is invalid"));
    }

    [Fact]
    public void Generate_NamesAndStaffAreChinese()
    {
        Assert.All(demo.At(AreaLevel.Grid), g => Assert.Matches("^[\u4e00-\u9fff]+$", g.Name));
        Assert.All(demo.At(AreaLevel.Grid), g =>
        {
            var roles = demo.District.Staff.Where(s => s.Assignments.Any(x => x.AreaCode == g.Code)).Select(s => s.Assignments[0].Role).ToList();
            Assert.Contains(StaffRole.GridLeader, roles);
            Assert.Contains(StaffRole.PoliceOfficer, roles);
            Assert.Contains(StaffRole.FullTimeWorker, roles);
            Assert.Contains(StaffRole.PartTimeWorker, roles);
        });
        Assert.Equal(demo.District.Staff.Count, demo.District.Staff.Select(s => s.RealNameCode).Distinct().Count());
    }

    [Fact]
    public void Generate_IncludesDedicatedGrids()
    {
        Assert.Contains(demo.At(AreaLevel.Grid), g => g.Kind != AreaKind.Regular && g.Name.EndsWith("专属网格", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "一")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(47, "四十七")]
    public void Numeral_WritesChineseNumbers(int n, string expected)
    {
        Assert.Equal(expected, ChineseNames.Numeral(n));
    }
}
