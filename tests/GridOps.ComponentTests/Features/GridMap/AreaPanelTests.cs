using GridOps.Web.Features.GridMap;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.ComponentTests.Features.GridMap;

public sealed class AreaPanelTests
{
    private static AreaDetail Grid(string name = "和岭社区第一网格", IReadOnlyList<AreaVersion>? versions = null) => new(
        7, 1, "YJ",
        new AreaSummary("QS-1-1", name, AreaLevel.Grid, AreaKind.Regular, 312, 845),
        [
            new AreaSummary("YJ", "云江区", AreaLevel.District, AreaKind.Regular, 0, 0),
            new AreaSummary("QS", "青山街道", AreaLevel.Street, AreaKind.Regular, 0, 0),
            new AreaSummary("QS-1", "和岭社区", AreaLevel.Community, AreaKind.Regular, 0, 0),
        ],
        [
            new AreaSummary("QS-1-1-1", "第一微网格", AreaLevel.MicroGrid, AreaKind.Regular, 41, 99),
            new AreaSummary("QS-1-1-2", "第二微网格", AreaLevel.MicroGrid, AreaKind.Regular, 38, 92),
        ],
        [new StaffMember("王芳", "YJ000001", StaffRole.GridLeader), new StaffMember("李强", "YJ000002", StaffRole.PoliceOfficer)],
        [112.9, 28.1, 112.91, 28.11],
        0.1234,
        new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero),
        null,
        versions ?? []);

    private static Task<string> RenderAsync(AreaDetail detail, string culture = "zh-CN", TimeZoneInfo? zone = null,
        GridOps.Web.Features.Districts.DistrictLevelNames? words = null) =>
        ComponentRenderer.RenderAsync<AreaPanel>(new Dictionary<string, object?> { ["Detail"] = detail, ["Zone"] = zone, ["Words"] = words }, culture);

    [Fact]
    public async Task AreaPanel_Grid_ShowsParentChainAsLinksAndTheGridTeam()
    {
        var html = await RenderAsync(Grid());

        Assert.Contains("<a href=\"/map?area=QS\">青山街道</a>", html, StringComparison.Ordinal);
        Assert.Contains("<li aria-current=\"page\">和岭社区第一网格</li>", html, StringComparison.Ordinal);
        Assert.Contains(">网格</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td>网格长</td><td>王芳</td>", html, StringComparison.Ordinal);
        Assert.Contains("下辖微网格（2 个）", html, StringComparison.Ordinal);
        Assert.Contains("data-bounds=\"112.9,28.1,112.91,28.11\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_GridWithAnEarlierBoundary_ListsTheVersionWithItsValidity()
    {
        var earlier = new AreaVersion("和岭社区第一网格", 612, DateTimeOffset.MinValue, new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero),
            "管理员 (admin)", "split into 2: QS-1-1, QS-1-7", "{}");

        var html = await RenderAsync(Grid(versions: [earlier]));

        Assert.Contains("边界版本", html, StringComparison.Ordinal);
        // Local time (UTC+8): the current boundary since 09:30, the earlier one until then.
        Assert.Contains("2026-11-02 09:30", html, StringComparison.Ordinal);
        Assert.Contains("… – 2026-11-02 09:30", html, StringComparison.Ordinal);
        Assert.Contains("612 户", html, StringComparison.Ordinal);
        Assert.Contains("split into 2: QS-1-1, QS-1-7", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_OfADistrictWithItsOwnZone_DatesItsBoundariesInThatZone()
    {
        var earlier = new AreaVersion("和岭社区第一网格", 612, DateTimeOffset.MinValue, new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero), "admin", "redrawn", "{}");

        var html = await RenderAsync(Grid(versions: [earlier]), zone: TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        // 01:30Z is 20:30 the evening before in New York (EST).
        Assert.Contains("… – 2026-11-01 20:30", html, StringComparison.Ordinal);
        Assert.DoesNotContain("09:30", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_OfADistrictThatNamesItsLevels_UsesItsWordsInThatLanguageOnly()
    {
        var (words, errors) = GridOps.Web.Features.Districts.DistrictLevelNames.Check(
            new Dictionary<string, Dictionary<string, string>> { ["en"] = new() { ["Street"] = "Borough", ["Grid"] = "Area" } });
        Assert.Empty(errors);

        var english = await RenderAsync(Grid(), "en", words: words);
        var chinese = await RenderAsync(Grid(), words: words);

        Assert.Contains("<dt>Borough</dt>", english, StringComparison.Ordinal);
        Assert.Contains(">Area</span>", english, StringComparison.Ordinal);
        Assert.Contains("<dt>Community</dt>", english, StringComparison.Ordinal);
        Assert.Contains("<dt>街道</dt>", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_InEnglish_UsesTheEnglishResources()
    {
        var html = await RenderAsync(Grid(), "en");

        Assert.Contains("Grid team", html, StringComparison.Ordinal);
        Assert.Contains("<td>Grid leader</td>", html, StringComparison.Ordinal);
        Assert.Contains("Micro-grids (2)", html, StringComparison.Ordinal);
        Assert.Contains("312", html, StringComparison.Ordinal);
        Assert.DoesNotContain("网格长", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_NameWithMarkup_IsRenderedAsText()
    {
        var html = await RenderAsync(Grid("<script>alert('x')</script><img src=x onerror=alert(1)>"));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AreaPanel_DedicatedGrid_SaysWhatItIsFor()
    {
        var detail = Grid() with { Area = new AreaSummary("QS-1-9", "和岭社区实验小学专属网格", AreaLevel.Grid, AreaKind.School, 0, 0) };

        var html = await RenderAsync(detail);

        Assert.Contains("专属网格 · 学校", html, StringComparison.Ordinal);
    }
}
