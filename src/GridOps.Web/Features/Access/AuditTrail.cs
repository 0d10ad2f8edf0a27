using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;

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
