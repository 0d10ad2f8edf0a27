using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridOps.Web.Features.Hierarchy;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> builder)
    {
        builder.ToTable("areas");
        builder.HasKey(a => a.Id);
        // Unique within a district, not across the database (migration 0024, decision 027).
        builder.HasIndex(a => a.Code);
        builder.Property(a => a.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        builder.Property(a => a.LabelPoint).HasColumnType("geometry(Point,4326)");
        builder.HasOne<Area>().WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}
