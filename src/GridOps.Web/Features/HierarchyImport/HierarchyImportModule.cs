namespace GridOps.Web.Features.HierarchyImport;

internal static class HierarchyImportModule
{
    public static WebApplicationBuilder AddHierarchyImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HierarchyImporter>();
        builder.Services.AddSingleton<HierarchyExporter>();
        builder.Services.AddSingleton<AreaEditor>();
        return builder;
    }
}
