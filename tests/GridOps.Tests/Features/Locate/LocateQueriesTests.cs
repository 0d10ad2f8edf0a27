using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Districts;
using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.Locate;

public sealed class LocateQueriesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private LocateQueries _locate = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync();
        await new HierarchyWriter(_database.DataSource).WriteAsync(CraftedDistrict.Build(), [], null, CancellationToken.None);
        _locate = new LocateQueries(_database.DataSource);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Locate_InteriorPoint_AnswersGridMicroGridAndAncestors()
    {
        var (lon, lat) = CraftedDistrict.At(0.25, 0.5);

        var location = await _locate.LocateAsync(lon, lat, CancellationToken.None);

        Assert.NotNull(location);
        Assert.Equal("T1-1-1", location.Grid.Code);
        Assert.Equal("T1-1-1-1", location.MicroGrid?.Code);
        Assert.Equal("T1-1", location.Community?.Code);
        Assert.Equal("T1", location.Street?.Code);
        Assert.Equal("T", location.District?.Code);
    }

    [Theory]
    [InlineData(1.0, 0.5)]   // the border between T1-1-1 and T1-1-2
    [InlineData(1.0, 1.0)]   // the corner shared by T1-1-1, T1-1-2 and T1-1-3
    [InlineData(1.0, 0.0)]
    public async Task Locate_PointOnASharedBorder_BelongsToExactlyOneGrid_TheSmallestCode(double x, double y)
    {
        var (lon, lat) = CraftedDistrict.At(x, y);

        var single = await _locate.LocateAsync(lon, lat, CancellationToken.None);
        var probed = await _locate.LocateByPointProbeAsync([(lon, lat)], CancellationToken.None);
        var walked = await _locate.LocateByPolygonWalkAsync([(lon, lat)], CancellationToken.None);

        Assert.Equal("T1-1-1", single?.Grid.Code);
        Assert.Equal("T1-1-1", probed[0]?.Grid.Code);
        Assert.Equal("T1-1-1", walked[0]?.Grid.Code);
    }

    [Fact]
    public async Task Locate_PointOnMicroGridBorder_PicksOneMicroGridOfThatGrid()
    {
        var (lon, lat) = CraftedDistrict.At(0.5, 0.5);

        var location = await _locate.LocateAsync(lon, lat, CancellationToken.None);

        Assert.Equal("T1-1-1-1", location?.MicroGrid?.Code);
    }

    [Fact]
    public async Task Locate_PointInsideAnOverlap_InteriorBeatsBoundary()
    {
        // On T1-1-7's eastern edge but inside T1-1-8: the grid that really contains it wins.
        var (lon, lat) = CraftedDistrict.At(11, 0.5);

        var location = await _locate.LocateAsync(lon, lat, CancellationToken.None);

        Assert.Equal("T1-1-8", location?.Grid.Code);
    }

    [Fact]
    public async Task Locate_PointInAHole_IsInNoGrid()
    {
        var (lon, lat) = CraftedDistrict.At(1.5, 2.5);

        Assert.Null(await _locate.LocateAsync(lon, lat, CancellationToken.None));
    }

    [Fact]
    public async Task Locate_PointInTheSecondPartOfAMultiPolygon_FindsThatGrid()
    {
        var (lon, lat) = CraftedDistrict.At(5.5, 0.5);

        var location = await _locate.LocateAsync(lon, lat, CancellationToken.None);

        Assert.Equal("T1-1-5", location?.Grid.Code);
        Assert.Null(location?.MicroGrid);
    }

    [Fact]
    public async Task Locate_PointOutsideTheDistrict_IsInNoGrid()
    {
        Assert.Null(await _locate.LocateAsync(CraftedDistrict.Lon0 - 1, CraftedDistrict.Lat0, CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LocateMany_KeepsInputOrderAndMarksPointsInNoGrid(bool polygonWalk)
    {
        (double, double)[] points =
        [
            CraftedDistrict.At(5.5, 0.5), CraftedDistrict.At(1.5, 2.5), CraftedDistrict.At(0.75, 0.5),
            CraftedDistrict.At(2.5, 3.5), (0, 0), CraftedDistrict.At(11, 0.5), CraftedDistrict.At(0.5, 0.5),
        ];

        var results = polygonWalk
            ? await _locate.LocateByPolygonWalkAsync(points, CancellationToken.None)
            : await _locate.LocateByPointProbeAsync(points, CancellationToken.None);

        Assert.Equal(["T1-1-5", null, "T1-1-1", "T1-1-3", null, "T1-1-8", "T1-1-1"], results.Select(r => r?.Grid.Code));
        Assert.Equal("T1-1-1-2", results[2]?.MicroGrid?.Code);
        Assert.Equal("T1-1-1-1", results[6]?.MicroGrid?.Code);
        Assert.Equal("T1", results[3]?.Street?.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APointJustOutsideEveryGrid_IsSnappedToTheNearestGrid_WithinTheDefault30Metres(bool polygonWalk)
    {
        // 0.01 hundredths of a degree west of T1-1-1 at 30°N: about 9.6 m outside; 0.05 is about 48 m.
        var near = CraftedDistrict.At(-0.01, 0.5);
        var far = CraftedDistrict.At(-0.05, 0.5);

        var single = await _locate.LocateAsync(near.Lon, near.Lat, CancellationToken.None);
        var batch = polygonWalk
            ? await _locate.LocateByPolygonWalkAsync([near, far, CraftedDistrict.At(0.25, 0.5)], CancellationToken.None)
            : await _locate.LocateByPointProbeAsync([near, far, CraftedDistrict.At(0.25, 0.5)], CancellationToken.None);

        Assert.Equal("T1-1-1", single?.Grid.Code);
        Assert.InRange(single!.SnappedMetres!.Value, 9, 10.5);
        Assert.Null(single.MicroGrid);
        Assert.Equal("T1", single.Street?.Code);
        Assert.Null(await _locate.LocateAsync(far.Lon, far.Lat, CancellationToken.None));
        Assert.Equal(["T1-1-1", null, "T1-1-1"], batch.Select(r => r?.Grid.Code));
        Assert.Equal(single.SnappedMetres, batch[0]?.SnappedMetres);
        Assert.Null(batch[2]?.SnappedMetres);
    }

    [Fact]
    public async Task ADistrictsOwnTolerance_DecidesWhatIsSnapped_AndOnlyItsAdministratorsMaySetIt()
    {
        var calendar = new GridOps.Web.Features.WorkingTime.WorkingCalendarProvider(_database.DataSource,
            Microsoft.Extensions.Options.Options.Create(new GridOps.Web.Features.WorkingTime.WorkingTimeOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GridOps.Web.Features.WorkingTime.WorkingCalendarProvider>.Instance);
        var settings = new DistrictSettingsStore(_database.DataSource,
            new AuditTrail(_database.CreateContextFactory(), TimeProvider.System, new Microsoft.AspNetCore.Http.HttpContextAccessor()),
            new GridOps.Web.Features.Districts.DistrictZones(_database.DataSource, calendar, TimeProvider.System), calendar);
        var far = CraftedDistrict.At(-0.05, 0.5);
        var near = CraftedDistrict.At(-0.01, 0.5);
        var streetId = long.Parse((await _database.StringsAsync("SELECT id FROM areas WHERE code = 'T1'"))[0], System.Globalization.CultureInfo.InvariantCulture);
        var streetAdmin = Viewer.System with { Id = 99, Scope = new AccessScope(streetId, AreaLevel.Street, null) };

        Assert.Equal(LocateQueries.DefaultSnapMetres, (await settings.GetAsync("T", Viewer.System, CancellationToken.None))?.SnapToleranceMetres);
        Assert.Null((await settings.EditAsync("T", new DistrictSettingsEdit(60), streetAdmin, CancellationToken.None)).Settings);
        var refused = await settings.EditAsync("T", new DistrictSettingsEdit(500), Viewer.System, CancellationToken.None);
        Assert.Contains("snapToleranceMetres", refused.Errors.Keys);
        Assert.Null(await _locate.LocateAsync(far.Lon, far.Lat, CancellationToken.None));

        await settings.EditAsync("T", new DistrictSettingsEdit(60), Viewer.System, CancellationToken.None);
        var wider = await _locate.LocateAsync(far.Lon, far.Lat, CancellationToken.None);
        await settings.EditAsync("T", new DistrictSettingsEdit(0), Viewer.System, CancellationToken.None);

        Assert.Equal("T1-1-1", wider?.Grid.Code);
        Assert.InRange(wider!.SnappedMetres!.Value, 45, 50);
        Assert.Null(await _locate.LocateAsync(near.Lon, near.Lat, CancellationToken.None));
        Assert.Equal(2, await _database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'district.settings' AND target = 'T'"));
    }

    [Fact]
    public async Task APointInAHoleFarFromEveryEdge_StaysUnlocated_AndOneNearTwoGridsGoesToTheNearer()
    {
        // The hole in T1-1-3 is half a unit (~480 m) from its edges; between T1-1-2 (x ≤ 2) and T1-1-5's first part (x ≥ 3)
        // below y = 1 lies a strip: at x = 2.01 the point is ~10 m from T1-1-2 and ~950 m from T1-1-5.
        var hole = CraftedDistrict.At(1.5, 2.5);
        var strip = CraftedDistrict.At(2.01, 0.5);

        Assert.Null(await _locate.LocateAsync(hole.Lon, hole.Lat, CancellationToken.None));
        Assert.Equal("T1-1-2", (await _locate.LocateAsync(strip.Lon, strip.Lat, CancellationToken.None))?.Grid.Code);
    }
}
