using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridOps.Web.Features.Hierarchy;

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> builder)
    {
        builder.ToTable("staff");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.RealNameCode).IsUnique();
        builder.HasMany(s => s.Assignments).WithOne().HasForeignKey(a => a.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffAssignmentConfiguration : IEntityTypeConfiguration<StaffAssignment>
{
    public void Configure(EntityTypeBuilder<StaffAssignment> builder)
    {
        builder.ToTable("staff_assignments");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.AreaId);
        builder.HasOne<Area>().WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Cascade);
    }
}
