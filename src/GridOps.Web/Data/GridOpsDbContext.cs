using System.Text;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Data;

public sealed class GridOpsDbContext(DbContextOptions<GridOpsDbContext> options) : DbContext(options)
{
    public DbSet<Area> Areas => Set<Area>();

    public DbSet<Staff> Staff => Set<Staff>();

    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GridOpsDbContext).Assembly);

        // Hand-written SQL (migrations, spatial queries) reads better with snake_case names.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
