using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Catalogue;

/// <summary>Adds the shipped departments and categories a database lacks (by code). Edited or
/// deactivated entries are left as the administrator left them.</summary>
public sealed class CatalogueSeeder(IDbContextFactory<GridOpsDbContext> contexts, CatalogueQueries catalogue)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await context.Set<Department>().Select(d => d.Code).ToListAsync(cancellationToken);
        var categories = await context.Set<Category>().Select(c => c.Code).ToListAsync(cancellationToken);
        context.AddRange(CatalogueSeed.Departments.Where(d => !departments.Contains(d.Code)).Select(Copy));
        context.AddRange(CatalogueSeed.Categories.Where(c => !categories.Contains(c.Code)).Select(Copy));
        if (context.ChangeTracker.HasChanges())
        {
            await context.SaveChangesAsync(cancellationToken);
            catalogue.Invalidate();
        }
    }

    // The seed arrays are shared; EF must track fresh objects, never the static ones.
    private static Department Copy(Department d) => new() { Code = d.Code, Name = d.Name, NameEn = d.NameEn };

    private static Category Copy(Category c) => new()
    {
        Code = c.Code, Name = c.Name, NameEn = c.NameEn, CategoryGroup = c.CategoryGroup, DefaultTier = c.DefaultTier,
        DepartmentCodes = [.. c.DepartmentCodes], ServiceCode = c.ServiceCode, HotlineCode = c.HotlineCode,
        AcceptLimitMinutes = c.AcceptLimitMinutes, DispatchLimitMinutes = c.DispatchLimitMinutes,
        HandleLimitMinutes = c.HandleLimitMinutes, VerifyLimitMinutes = c.VerifyLimitMinutes, Active = c.Active,
    };
}
