using GridOps.Web.Data;
using GridOps.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Access;

public sealed record AuditFilter(string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To, int Limit = 200);

public sealed record AuditLine(DateTimeOffset At, string Actor, string Action, string? Target, string? Detail, string? Address);

/// <summary>
/// The audit log as administrators read it: the access log and every incident event, newest first. An administrator
/// bound to a district reads the events of its incidents only; the access log (people, keys, imports and sign-ins of
/// every district) is for administrators of everything (issue 20).
/// </summary>
public sealed class AuditQueries(IDbContextFactory<GridOpsDbContext> contexts)
{
    public async Task<IReadOnlyList<AuditLine>> ReadAsync(AuditFilter filter, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var limit = Math.Clamp(filter.Limit, 1, 1000);
        var access = context.Set<AuditEntry>().AsNoTracking().Where(a => viewer.Scope.IsEverything);
        var events = context.Set<IncidentEvent>().AsNoTracking()
            .Join(context.Set<Incident>().VisibleTo(viewer), e => e.IncidentId, i => i.Id, (e, i) => new { e.RecordedAt, e.Actor, e.Action, i.TicketNo, e.Reason });
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = "%" + filter.Actor.Trim().Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            access = access.Where(a => EF.Functions.ILike(a.Actor, pattern));
            events = events.Where(e => EF.Functions.ILike(e.Actor, pattern));
        }

        if (filter.From is { } from)
        {
            access = access.Where(a => a.At >= from);
            events = events.Where(e => e.RecordedAt >= from);
        }

        if (filter.To is { } to)
        {
            access = access.Where(a => a.At < to);
            events = events.Where(e => e.RecordedAt < to);
        }

        var action = filter.Action?.Trim();
        var incidentAction = action is not null && action.StartsWith("incident.", StringComparison.Ordinal)
            && Enum.TryParse<IncidentAction>(action["incident.".Length..], true, out var a) ? a : (IncidentAction?)null;
        List<AuditLine> lines = [];
        if (string.IsNullOrEmpty(action) || incidentAction is null)
        {
            var q = string.IsNullOrEmpty(action) ? access : access.Where(x => x.Action == action);
            lines.AddRange(await q.OrderByDescending(x => x.At).Take(limit)
                .Select(x => new AuditLine(x.At, x.Actor, x.Action, x.Target, x.Detail, x.Address)).ToListAsync(cancellationToken));
        }

        if (string.IsNullOrEmpty(action) || incidentAction is not null)
        {
            var q = incidentAction is { } ia ? events.Where(e => e.Action == ia) : events;
            var rows = await q.OrderByDescending(e => e.RecordedAt).Take(limit).ToListAsync(cancellationToken);
            lines.AddRange(rows.Select(e => new AuditLine(e.RecordedAt, e.Actor, "incident." + e.Action.ToString().ToLowerInvariant(), e.TicketNo, e.Reason, null)));
        }

        return [.. lines.OrderByDescending(l => l.At).Take(limit)];
    }
}
