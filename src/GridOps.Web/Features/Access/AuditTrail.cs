using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridOps.Web.Features.Access;

/// <summary>Writes the audit log: sign-ins, refusals, and every change an administrator makes.
/// Incident changes are audited by their own append-only event log, which the audit page reads too.</summary>
public sealed class AuditTrail(IDbContextFactory<GridOpsDbContext> contexts, TimeProvider time, IHttpContextAccessor http)
{
    public async Task WriteAsync(string actor, string action, string? target, string? detail, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Add(Entry(actor, action, target, detail));
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes the entry in the caller's own SQL transaction, so it stands or falls with the change it records.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string action, string? target, string? detail,
        CancellationToken cancellationToken)
    {
        var entry = Entry(actor, action, target, detail);
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_log (at, actor, action, target, detail, address) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.At });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Actor });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Action });
        foreach (var text in new[] { entry.Target, entry.Detail, entry.Address })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An entry to save in the caller's own transaction, beside the change it records.</summary>
    public AuditEntry Entry(string actor, string action, string? target, string? detail) => new()
    {
        At = time.GetUtcNow(),
        Actor = actor,
        Action = action,
        Target = target,
        Detail = detail,
        Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
    };
}
