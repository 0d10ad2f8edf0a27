using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridOps.Web.Features.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Version).IsConcurrencyToken();
        // Filled by a trigger from the id and the date received (see the migration).
        builder.Property(i => i.TicketNo).HasDefaultValueSql("''").ValueGeneratedOnAdd().HasSentinel("");
        builder.Property(i => i.State).HasConversion<short>();
        builder.Property(i => i.StateBeforeSuspend).HasConversion<short?>();
        builder.Property(i => i.Tier).HasConversion<short>();
        builder.Property(i => i.Source).HasConversion<short>();
        builder.Property(i => i.Step).HasConversion<short?>();
        builder.Property(i => i.Evaluation).HasConversion<short?>();
        builder.Property(i => i.Location).HasColumnType("geometry(Point,4326)");
        builder.Property(i => i.WhistleCalls).HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, IncidentJson.Options),
                v => JsonSerializer.Deserialize<List<WhistleCall>>(v, IncidentJson.Options) ?? new List<WhistleCall>(),
                new ValueComparer<List<WhistleCall>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.Ignore(i => i.Clock);
        builder.Ignore(i => i.IsOpen);
        builder.HasMany(i => i.Events).WithOne().HasForeignKey(e => e.IncidentId);
    }
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> builder)
    {
        builder.ToTable("incident_events");
        builder.HasKey(e => new { e.IncidentId, e.Seq });
        builder.Property(e => e.Action).HasConversion<short>();
        builder.Property(e => e.Payload).HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, IncidentJson.Options),
                v => JsonSerializer.Deserialize<EventPayload>(v, IncidentJson.Options) ?? new EventPayload());
    }
}

/// <summary>How event payloads are written: compact, enums by name so the log reads on its own.</summary>
internal static class IncidentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
