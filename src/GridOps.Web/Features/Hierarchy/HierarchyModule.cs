namespace GridOps.Web.Features.Hierarchy;

internal static class HierarchyModule
{
    public static WebApplicationBuilder AddHierarchy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HierarchyWriter>();
        builder.Services.AddSingleton<AreaQueries>();
        return builder;
    }
}
