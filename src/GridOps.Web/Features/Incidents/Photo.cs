using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridOps.Web.Features.Incidents;

/// <summary>A photo of a report or a report back. Kept in its own table, never in the incident row,
/// and in the database rather than on one node's disk so every node can serve it (decision 010).</summary>
public sealed class Photo
{
    public Guid Id { get; set; }

    public long IncidentId { get; set; }

    public int EventSeq { get; set; }

    public string ContentType { get; set; } = "";

    public int ByteCount { get; set; }

    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(EntityTypeBuilder<Photo> builder)
    {
        builder.ToTable("photos");
        builder.HasKey(p => p.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId);
    }
}
