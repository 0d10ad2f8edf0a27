using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Catalogue;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Incidents.Pages;

public sealed partial class IncidentListPage
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [Inject]
    private IncidentQueries Queries { get; set; } = null!;

    [Inject]
    private CatalogueQueries Catalogue { get; set; } = null!;

    private IncidentFilter Filter { get; set; } = new();

    private Dictionary<string, string[]> Errors { get; set; } = [];

    private IncidentPage Page { get; set; } = new([], 0, 1, 50);

    private IReadOnlyList<Category> Categories { get; set; } = [];

    private int PageCount => Math.Max(1, (Page.Total + Page.PageSize - 1) / Page.PageSize);

    private string ExportHref => "/incidents/export.csv" + HttpContext.Request.QueryString;

    protected override async Task OnInitializedAsync()
    {
        (Filter, Errors) = IncidentFilterQuery.Parse(HttpContext.Request.Query);
        Categories = (await Catalogue.GetAsync(HttpContext.RequestAborted)).Categories;
        Page = await Queries.ListAsync(Errors.Count > 0 ? new IncidentFilter() : Filter, HttpContext.Viewer(), HttpContext.RequestAborted);
    }

    private static string Camel<T>(T value) where T : struct, Enum => RequestParsing.Camel(value.ToString());

    private static string CategoryName(Category category) => UiCulture.IsChinese ? category.Name : category.NameEn;

    private string PageHref(int page)
    {
        var query = QueryHelpers.ParseQuery(HttpContext.Request.QueryString.Value);
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        return "/incidents" + new QueryBuilder(query.SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v ?? "")))).ToQueryString();
    }
}
