namespace GridOps.Web.Features.Catalogue;

internal static class CatalogueModule
{
    public static WebApplicationBuilder AddCatalogue(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CatalogueQueries>();
        builder.Services.AddSingleton<CatalogueSeeder>();
        builder.Services.AddSingleton<DepartmentEditing>();
        return builder;
    }
}
