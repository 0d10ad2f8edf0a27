using AngleSharp.Dom;
using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue.Pages;
using MudBlazor;

namespace GridOps.ComponentTests.Features.Catalogue;

/// <summary>The departments page (issue 20, part 7) over a real database: what is added, renamed and retired there is
/// what dispatch offers.</summary>
public sealed class DepartmentsPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private static IRenderedComponent<DepartmentsPage> Render(ScreenContext screen)
    {
        screen.Navigation.NavigateTo("/admin/departments");
        var cut = screen.Context.Render<DepartmentsPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".admin-departments").GetAttribute("data-ready")), Soon);
        return cut;
    }

    private const string SharedText = "所有辖区共用";

    private static IElement Row(IRenderedComponent<DepartmentsPage> cut, string code) => cut.Find($"tr[data-department='{code}']");

    [Fact]
    public async Task TheWholeDatabase_AddsADepartmentForOneDistrict_RenamesIt_AndRetiresIt()
    {
        var districtName = (await fixture.App.Database.StringsAsync("SELECT name FROM areas WHERE code = 'YJ'"))[0];
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var popovers = screen.Context.Render<MudPopoverProvider>();
        var cut = Render(screen);

        await cut.Find("[data-field=code] input").ChangeAsync(new() { Value = "YJ-PARKS" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "公园管理处" });
        await cut.Find("[data-field=nameEn] input").ChangeAsync(new() { Value = "Parks Office" });
        await MudInteractions.ChooseAsync(cut.Find("[data-field=district] .mud-input-control"), popovers, $"{districtName} (YJ)");
        await cut.Find("[data-action=add]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("(YJ)", Row(cut, "YJ-PARKS").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM departments d JOIN areas a ON a.id = d.district_id WHERE d.code = 'YJ-PARKS' AND a.code = 'YJ'"));

        await Row(cut, "YJ-PARKS").QuerySelector("[data-action=rename]")!.ClickAsync(new());
        await Row(cut, "YJ-PARKS").QuerySelector("[data-field=rename-name] input")!.ChangeAsync(new() { Value = "园林绿化站" });
        // The whole database also says which district it serves while editing the row: here, every district.
        await MudInteractions.ChooseAsync(Row(cut, "YJ-PARKS").QuerySelector("[data-field=rename-district] .mud-input-control")!, popovers, SharedText);
        await Row(cut, "YJ-PARKS").QuerySelector("[data-action=save-name]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("园林绿化站", Row(cut, "YJ-PARKS").TextContent, StringComparison.Ordinal), Soon);
        Assert.Contains(SharedText, Row(cut, "YJ-PARKS").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM departments WHERE code = 'YJ-PARKS' AND district_id IS NULL"));

        await Row(cut, "YJ-PARKS").QuerySelector("[data-action=retire]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("true", Row(cut, "YJ-PARKS").GetAttribute("data-retired")), Soon);
        Assert.Equal(3, await fixture.App.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'department-changed' AND target = 'YJ-PARKS'"));
        var catalogue = await fixture.App.Service<GridOps.Web.Features.Catalogue.CatalogueQueries>().GetAsync(CancellationToken.None);
        Assert.DoesNotContain(catalogue.ServingDistrict(await fixture.App.Database.CountAsync("SELECT id FROM areas WHERE code = 'YJ'")), d => d.Code == "YJ-PARKS");
    }

    [Fact]
    public async Task ADistrictsAdministrator_ChangesOnlyItsOwnDepartments_AndATakenCodeIsAFormMessage()
    {
        var (_, errors) = await fixture.App.Service<UserAccounts>().CreateAsync(
            new NewUser("yj-departments", "区管理员", "long-enough-password", AccessRole.Administrator, "YJ", null), "test", CancellationToken.None);
        Assert.Empty(errors);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "yj-departments");
        var cut = Render(screen);

        // The shared bureaus are read, not changed; no choice of district (theirs is the only one).
        Assert.Empty(Row(cut, "CG").QuerySelectorAll("button"));
        Assert.Empty(cut.FindAll("[data-field=district]"));

        await cut.Find("[data-field=code] input").ChangeAsync(new() { Value = "cg" });
        await cut.Find("[data-field=name] input").ChangeAsync(new() { Value = "冒名" });
        await cut.Find("[data-field=nameEn] input").ChangeAsync(new() { Value = "Impostor" });
        await cut.Find("[data-action=add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("cg", cut.Find("[data-field=code]").TextContent, StringComparison.Ordinal), Soon);

        await cut.Find("[data-field=code] input").ChangeAsync(new() { Value = "YJ-ROADS" });
        await cut.Find("[data-action=add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.NotEmpty(Row(cut, "YJ-ROADS").QuerySelectorAll("[data-action=retire]")), Soon);
        Assert.Equal(0, await fixture.App.Database.CountAsync("SELECT count(*) FROM departments WHERE name = '冒名' AND code <> 'YJ-ROADS'"));
    }

    [Fact]
    public async Task TwoDistrictsDepartmentsOfOneCode_AreTwoRows_AndARenameChangesOnlyTheRowEdited()
    {
        // A second district beside the demo, each with its own DOT (codes are unique per district, decision 028).
        var square = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326).CreateMultiPolygon(
            [new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326).CreatePolygon(
                [new(100, 20), new(100.1, 20), new(100.1, 20.1), new(100, 20.1), new(100, 20)])]);
        await fixture.App.Service<GridOps.Web.Features.Hierarchy.HierarchyWriter>().WriteAsync(
            [new GridOps.Web.Features.Hierarchy.AreaDraft("XB", "西滨区", GridOps.Web.Features.Hierarchy.AreaLevel.District, null, square)], [], null, CancellationToken.None);
        var editing = fixture.App.Service<GridOps.Web.Features.Catalogue.DepartmentEditing>();
        foreach (var (district, name) in new[] { ("YJ", "区交通局"), ("XB", "西滨交通局") })
        {
            var saved = await editing.StoreAsync("DOT", new(name, "Transport", district, null), Viewer.System, CancellationToken.None);
            Assert.Empty(saved.Errors);
        }

        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var cut = Render(screen);
        IElement XbRow() => cut.FindAll("tr[data-department='DOT']").Single(r => r.TextContent.Contains("(XB)", StringComparison.Ordinal));
        Assert.Equal(2, cut.FindAll("tr[data-department='DOT']").Count);

        await XbRow().QuerySelector("[data-action=rename]")!.ClickAsync(new());
        Assert.Single(cut.FindAll("[data-field=rename-name]")); // only the row pressed opens for editing
        await cut.Find("[data-field=rename-name] input").ChangeAsync(new() { Value = "西滨交通运输局" });
        await cut.Find("[data-action=save-name]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("西滨交通运输局", XbRow().TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(["XB 西滨交通运输局", "YJ 区交通局"], await fixture.App.Database.StringsAsync(
            "SELECT a.code || ' ' || d.name FROM departments d JOIN areas a ON a.id = d.district_id WHERE d.code = 'DOT' ORDER BY a.code"));
    }
}
