using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Incidents;

/// <summary>What the list page and the API filter by. Every field is optional.</summary>
public sealed record IncidentFilter
{
    public Tier? Tier { get; init; }

    public IncidentState? State { get; init; }

    public string? Category { get; init; }

    /// <summary>A street, community, grid or micro-grid code: incidents inside it.</summary>
    public string? Area { get; init; }

    public Timeliness? Timeliness { get; init; }

    public IncidentSource? Source { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public bool Unlocated { get; init; }

    public string? Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

public sealed record IncidentRow(
    string TicketNo, string Title, Tier Tier, IncidentState State, string CategoryName, string CategoryNameEn,
    string? StreetName, string? CommunityName, string? GridCode, string? GridName, IncidentSource Source,
    DateTimeOffset ReportedAt, DateTimeOffset? WarnAt, DateTimeOffset? DueAt, bool Unlocated, Timeliness Timeliness)
{
    /// <summary>The incident's district (its zone is the export's clock).</summary>
    public long? DistrictId { get; init; }
}

public sealed record IncidentPage(IReadOnlyList<IncidentRow> Rows, int Total, int Page, int PageSize);

public sealed record IncidentDetail(
    Incident Incident, Category? Category, IReadOnlyList<AreaSummary> Areas, AreaSummary? Assignee,
    IReadOnlyList<IncidentEvent> Events, IReadOnlyList<PhotoInfo> Photos, string? MergedIntoTicket);

public sealed record PhotoInfo(Guid Id, int EventSeq, string ContentType, int ByteCount);

public sealed record GridCount(string GridCode, string GridName, int Incidents, int Open);

/// <summary>A search by ticket numbers or by category, time and open/closed (Open311's filters).</summary>
public sealed record IncidentSearch(
    IReadOnlyList<string>? TicketNos, IReadOnlyList<long>? CategoryIds, DateTimeOffset? From, DateTimeOffset? To, bool? Open, int Page, int PageSize);

public sealed record IncidentWithCategory(Incident Incident, Category Category, Guid? FirstPhotoId);

public sealed class IncidentQueries(IDbContextFactory<GridOpsDbContext> contexts, TimeProvider time, Districts.DistrictZones zones)
{
    public const int MaxPageSize = 500;

    // page × size overflowed int for page=2147483647 (a 500 from Open311, issue 15): a page past the end is empty.
    private static int Offset(int page, int pageSize) => (int)Math.Min((Math.Max(1L, page) - 1) * pageSize, int.MaxValue);

    public async Task<IncidentPage> ListAsync(IncidentFilter filter, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var query = await FilterAsync(context, filter, viewer, now, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, filter.Page);
        var rows = await Project(context, Sort(query, filter.Sort)).Skip(Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return new IncidentPage([.. rows.Select(r => r.WithTimeliness(now))], total, page, pageSize);
    }

    /// <summary>Every row the filter matches, for CSV export, streamed.</summary>
    public async IAsyncEnumerable<IncidentRow> ExportAsync(IncidentFilter filter, Viewer viewer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var query = await FilterAsync(context, filter, viewer, now, cancellationToken);
        await foreach (var row in Project(context, Sort(query, filter.Sort)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row.WithTimeliness(now);
        }
    }

    public async Task<IncidentDetail?> GetDetailAsync(string ticketNo, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await context.Set<Incident>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(i => i.TicketNo == ticketNo, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var events = await context.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == incident.Id).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        var category = await context.Set<Category>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == incident.CategoryId, cancellationToken);
        long?[] areaIds = [incident.StreetId, incident.CommunityId, incident.GridId, incident.MicroGridId, incident.AssigneeAreaId];
        var areas = await context.Set<Area>().AsNoTracking().Where(a => areaIds.Contains(a.Id))
            .Select(a => new { a.Id, Summary = new AreaSummary(a.Code, a.Name, a.Level, a.Kind, a.Households, a.Population) })
            .ToListAsync(cancellationToken);
        var photos = await context.Set<Photo>().AsNoTracking().Where(p => p.IncidentId == incident.Id).OrderBy(p => p.EventSeq).ThenBy(p => p.Id)
            .Select(p => new PhotoInfo(p.Id, p.EventSeq, p.ContentType, p.ByteCount)).ToListAsync(cancellationToken);
        var mergedInto = incident.MergedIntoId is { } target
            ? await context.Set<Incident>().VisibleTo(viewer).Where(i => i.Id == target).Select(i => i.TicketNo).FirstOrDefaultAsync(cancellationToken)
            : null;
        long?[] locatedIds = [incident.StreetId, incident.CommunityId, incident.GridId, incident.MicroGridId];
        var located = areas.Where(a => locatedIds.Contains(a.Id)).Select(a => a.Summary).OrderBy(a => a.Level).ToList();
        // The whole database with several districts links an area with its district (XB:1): codes are unique per district (issue 20).
        if (incident.DistrictId is { } districtId
            && (await AreaCodes.QualifyingDistrictsAsync(context, viewer.Scope, cancellationToken))?.GetValueOrDefault(districtId) is { } district)
        {
            located = [.. located.Select(a => a with { Code = AreaCodes.Qualify(district, a.Code) })];
        }

        var assignee = areas.FirstOrDefault(a => a.Id == incident.AssigneeAreaId)?.Summary;
        return new IncidentDetail(incident, category, located, assignee, events, photos, mergedInto);
    }

    /// <summary>An incident's log in order, or null when no incident has the ticket number.</summary>
    public async Task<IReadOnlyList<IncidentEvent>?> GetEventsAsync(string ticketNo, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await context.Set<Incident>().VisibleTo(viewer).Where(i => i.TicketNo == ticketNo).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null
            : await context.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
    }

    public async Task<Incident?> FindAsync(string ticketNo, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Set<Incident>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(i => i.TicketNo == ticketNo, cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentWithCategory>> SearchAsync(IncidentSearch search, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var query = context.Set<Incident>().AsNoTracking().VisibleTo(viewer);
        if (search.TicketNos is { Count: > 0 } tickets)
        {
            query = query.Where(i => tickets.Contains(i.TicketNo));
        }

        if (search.CategoryIds is { Count: > 0 } categories)
        {
            query = query.Where(i => categories.Contains(i.CategoryId));
        }

        if (search.From is { } from)
        {
            query = query.Where(i => i.ReportedAt >= from);
        }

        if (search.To is { } to)
        {
            query = query.Where(i => i.ReportedAt <= to);
        }

        var finished = IncidentStates.Finished;
        if (search.Open is { } open)
        {
            query = open ? query.Where(i => !finished.Contains(i.State)) : query.Where(i => finished.Contains(i.State));
        }

        var rows = await query.Join(context.Set<Category>(), i => i.CategoryId, c => c.Id, (i, c) => new { Incident = i, Category = c })
            .OrderByDescending(r => r.Incident.ReportedAt).ThenByDescending(r => r.Incident.Id)
            .Skip(Offset(search.Page, search.PageSize)).Take(search.PageSize)
            .Select(r => new
            {
                r.Incident,
                r.Category,
                Photo = context.Set<Photo>().Where(p => p.IncidentId == r.Incident.Id).OrderBy(p => p.EventSeq).ThenBy(p => p.Id).Select(p => (Guid?)p.Id).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IncidentWithCategory(r.Incident, r.Category, r.Photo))];
    }

    /// <summary>Codes of the areas an incident names, by id (one query for an API answer).</summary>
    public async Task<IReadOnlyDictionary<long, string>> AreaCodesAsync(Incident incident, CancellationToken cancellationToken)
    {
        long?[] ids = [incident.StreetId, incident.CommunityId, incident.GridId, incident.MicroGridId, incident.AssigneeAreaId];
        var wanted = ids.OfType<long>().Distinct().ToArray();
        if (wanted.Length == 0)
        {
            return new Dictionary<long, string>();
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Set<Area>().Where(a => wanted.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Code, cancellationToken);
    }

    public async Task<Photo?> GetPhotoAsync(Guid id, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // A photo is in scope when its incident is: a guessed id outside it reads as no photo at all.
        var visible = context.Set<Incident>().VisibleTo(viewer).Select(i => i.Id);
        return await context.Set<Photo>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && visible.Contains(p.IncidentId), cancellationToken);
    }

    /// <summary>Incidents per grid (all and still open), for the grids of a street or community or all.</summary>
    public async Task<IReadOnlyList<GridCount>> CountByGridAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var finished = IncidentStates.Finished;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await context.Set<Incident>().VisibleTo(viewer).Where(i => i.GridId != null)
            .GroupBy(i => i.GridId)
            .Select(g => new { GridId = g.Key, Total = g.Count(), Open = g.Count(i => !finished.Contains(i.State)) })
            .Join(context.Set<Area>(), c => c.GridId, a => a.Id, (c, a) => new GridCount(a.Code, a.Name, c.Total, c.Open))
            .ToListAsync(cancellationToken);
        return [.. counts.OrderBy(c => c.GridCode, StringComparer.Ordinal)];
    }

    private async Task<IQueryable<Incident>> FilterAsync(GridOpsDbContext context, IncidentFilter filter, Viewer viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = context.Set<Incident>().AsNoTracking().VisibleTo(viewer);
        if (filter.Tier is { } tier)
        {
            query = query.Where(i => i.Tier == tier);
        }

        if (filter.State is { } state)
        {
            query = query.Where(i => i.State == state);
        }

        if (filter.Source is { } source)
        {
            query = query.Where(i => i.Source == source);
        }

        if (filter.Unlocated)
        {
            query = query.Where(i => i.Unlocated);
        }

        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var key = filter.Category.Trim();
            query = query.Where(i => context.Set<Category>().Any(c => c.Id == i.CategoryId && (c.Code == key || c.ServiceCode == key || c.Name == key)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            // The code in the reader's district (codes are unique per district); the whole database, asking for a code several
            // districts have without naming one (SH:1), gets each of them.
            await context.Database.OpenConnectionAsync(cancellationToken);
            var lookup = await AreaCodes.FindAsync((Npgsql.NpgsqlConnection)context.Database.GetDbConnection(), null, filter.Area, viewer.Scope, null, cancellationToken);
            long[] ids = lookup.Area is { } one ? [one.Id] : [.. lookup.Candidates.Select(c => c.Id)];
            query = query.Where(i => ids.Contains(i.StreetId ?? 0) || ids.Contains(i.CommunityId ?? 0) || ids.Contains(i.GridId ?? 0)
                || ids.Contains(i.MicroGridId ?? 0) || ids.Contains(i.AssigneeAreaId ?? 0));
        }

        query = filter.Timeliness switch
        {
            Timeliness.Overdue => query.Where(i => i.DueAt != null && i.DueAt <= now),
            Timeliness.Warning => query.Where(i => i.WarnAt != null && i.WarnAt <= now && i.DueAt > now),
            Timeliness.OnTime => query.Where(i => i.DueAt != null && (i.WarnAt == null || i.WarnAt > now)),
            _ => query,
        };
        // Dates in filters are days of each incident's own district, in its zone.
        if (filter.From is { } from)
        {
            query = query.ReportedOnOrAfter(from, await zones.CurrentAsync(cancellationToken));
        }

        if (filter.To is { } to)
        {
            query = query.ReportedBefore(to.AddDays(1), await zones.CurrentAsync(cancellationToken));
        }

        return query;
    }

    /// <summary>The orders a list can ask for (<see cref="IncidentFilter.Sort"/>); anything else is newest first.</summary>
    public static class Sorts
    {
        public const string Oldest = "reported";
        public const string DueSoonest = "due";
        public const string DueLatest = "-due";
        public const string TierHighest = "tier";
        public const string TierLowest = "-tier";
    }

    // Incidents without a time limit (closed ones, say) go last in either direction: the list is for what is due.
    private static IQueryable<Incident> Sort(IQueryable<Incident> query, string? sort) => sort switch
    {
        Sorts.Oldest => query.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id),
        Sorts.DueSoonest => query.OrderBy(i => i.DueAt == null).ThenBy(i => i.DueAt).ThenBy(i => i.Id),
        Sorts.DueLatest => query.OrderBy(i => i.DueAt == null).ThenByDescending(i => i.DueAt).ThenByDescending(i => i.Id),
        Sorts.TierHighest => query.OrderByDescending(i => i.Tier).ThenByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id),
        Sorts.TierLowest => query.OrderBy(i => i.Tier).ThenByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id),
        _ => query.OrderByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id),
    };

    private static IQueryable<IncidentRowData> Project(GridOpsDbContext context, IQueryable<Incident> query) =>
        from i in query
        join c in context.Set<Category>() on i.CategoryId equals c.Id
        from s in context.Set<Area>().Where(a => a.Id == i.StreetId).DefaultIfEmpty()
        from m in context.Set<Area>().Where(a => a.Id == i.CommunityId).DefaultIfEmpty()
        from g in context.Set<Area>().Where(a => a.Id == i.GridId).DefaultIfEmpty()
        select new IncidentRowData(i.TicketNo, i.Title, i.Tier, i.State, c.Name, c.NameEn, s.Name, m.Name, g.Code, g.Name,
            i.Source, i.ReportedAt, i.WarnAt, i.DueAt, i.Unlocated, i.DistrictId);

    private sealed record IncidentRowData(
        string TicketNo, string Title, Tier Tier, IncidentState State, string CategoryName, string CategoryNameEn,
        string? StreetName, string? CommunityName, string? GridCode, string? GridName, IncidentSource Source,
        DateTimeOffset ReportedAt, DateTimeOffset? WarnAt, DateTimeOffset? DueAt, bool Unlocated, long? DistrictId)
    {
        public IncidentRow WithTimeliness(DateTimeOffset now) => new(TicketNo, Title, Tier, State, CategoryName, CategoryNameEn,
            StreetName, CommunityName, GridCode, GridName, Source, ReportedAt, WarnAt, DueAt, Unlocated,
            TimelinessRule.At(WarnAt, DueAt, now)) { DistrictId = DistrictId };
    }
}
