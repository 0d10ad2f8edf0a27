using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridOps.Web.Features.Alerts;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<short>();
        builder.Property(a => a.State).HasConversion<short>();
        builder.Property(a => a.LastAction).HasConversion<short>();
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class AlertNoteConfiguration : IEntityTypeConfiguration<AlertNote>
{
    public void Configure(EntityTypeBuilder<AlertNote> builder)
    {
        builder.ToTable("alert_notes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.Action).HasConversion<short>();
    }
}
