using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Districts;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>A district that counts a calendar, with the zone and office hours it counts it in.</summary>
public sealed record CalendarDistrict(string Code, string Name, string TimeZone, string Hours);

/// <summary>A calendar as one person reads it: its days in their district's zone and hours (or its own district's, or
/// GridOps'), the districts that count it that they may see, whether they may change it, and the calendars they may open.</summary>
/// <param name="OwnDistrict">The code of the reader's district (null for the whole database or a department).</param>
/// <param name="Counted">The calendar the reader's district counts (GridOps' own for the whole database).</param>
public sealed record CalendarView(string Code, WorkingCalendar Calendar, IReadOnlyList<CalendarDistrict> Districts, bool MayEdit, IReadOnlyList<string> Choices,
    string? OwnDistrict = null, string Counted = WorkingCalendarProvider.DefaultCode);

/// <summary>
/// Who reads and who changes which calendar (issue 20, part 2). GridOps' own ("default") and shared calendars (a
/// country's, a region's: any name that is no district's code) are changed by administrators of the whole database; a
/// district's own calendar, named by its code, also by that district's administrators. A district's people read the
/// calendar their district counts, GridOps' own and shared ones — never another district's own.
/// </summary>
public sealed class CalendarAccess(NpgsqlDataSource dataSource, WorkingCalendarProvider calendars, DistrictZones districts)
{
    /// <summary>Whether this person may change some calendar (the page shows its forms only then, and only for one they may change).</summary>
    public static bool MayEditAny(Viewer viewer) =>
        viewer.Can(Capability.EditCatalogue) && viewer.Scope.DepartmentCode is null
        && (viewer.Scope.IsEverything || viewer.Scope.AreaLevel == AreaLevel.District);

    /// <summary>The calendar asked for (none: the one the reader's district counts); null when it is no calendar's
    /// name or another district's own.</summary>
    public async Task<CalendarView?> ViewAsync(Viewer viewer, string? asked, CancellationToken cancellationToken)
    {
        var everything = viewer.Scope.IsEverything;
        var ownDistrict = everything ? null : await districts.DistrictOfAsync(viewer.Scope.AreaId, cancellationToken);
        var snapshot = await districts.CurrentAsync(cancellationToken);
        var counted = snapshot.WorkingDaysOf(ownDistrict).Calendar ?? WorkingCalendarProvider.DefaultCode;
        var code = string.IsNullOrWhiteSpace(asked) ? counted : asked.Trim();
        if (!WorkingCalendarProvider.IsCode(code))
        {
            return null;
        }

        // GridOps' own is nobody's, whatever a district is called; another district's own is not read, unless it is the
        // one this reader's district counts (named before a district of that code was imported).
        var codeDistrict = code == WorkingCalendarProvider.DefaultCode ? null : await DistrictIds.OfCodeAsync(dataSource, code, cancellationToken);
        if (codeDistrict is { } other && !everything && other != ownDistrict && code != counted)
        {
            return null;
        }

        // Days fall in the calendar's own district's zone, else the reader's district's, else GridOps'.
        var shownIn = codeDistrict ?? ownDistrict;
        var calendar = calendars.Of(code, snapshot.Of(shownIn), snapshot.WorkingDaysOf(shownIn).Hours ?? calendars.Hours);
        var mayEdit = MayEditAny(viewer) && (everything || (codeDistrict is { } mine && mine == ownDistrict && viewer.Scope.AreaId == mine));
        var counting = await CountedByAsync(code, everything ? null : ownDistrict ?? -1, snapshot, cancellationToken);
        var ownCode = ownDistrict is { } id ? await CodeOfAsync(id, cancellationToken) : null;
        return new CalendarView(code, calendar, counting, mayEdit, ChoicesOf(everything, counted, ownCode, code, Counted(snapshot)), ownCode, counted);
    }

    /// <summary>Whether this person may change this calendar.</summary>
    public async Task<bool> MayEditAsync(Viewer viewer, string code, CancellationToken cancellationToken) =>
        MayEditAny(viewer) && WorkingCalendarProvider.IsCode(code)
        && (viewer.Scope.IsEverything || await ViewAsync(viewer, code, cancellationToken) is { MayEdit: true });

    /// <summary>The calendars counted in districts this person sees that run out within two months: (calendar, last day).</summary>
    public async Task<IReadOnlyList<(string Code, DateOnly Until)>> RunningOutAsync(Viewer viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var everything = viewer.Scope.IsEverything;
        var ownDistrict = everything ? null : await districts.DistrictOfAsync(viewer.Scope.AreaId, cancellationToken);
        var snapshot = await districts.CurrentAsync(cancellationToken);
        var codes = everything
            ? Counted(snapshot).Append(WorkingCalendarProvider.DefaultCode).Distinct(StringComparer.Ordinal)
            : [snapshot.WorkingDaysOf(ownDistrict).Calendar ?? WorkingCalendarProvider.DefaultCode];
        var zone = snapshot.Of(ownDistrict);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return [.. codes.Select(c => (Code: c, Until: calendars.Of(c, zone, calendars.Hours).RunsOutSoon(today)))
            .Where(r => r.Until is not null).Select(r => (r.Code, r.Until!.Value)).OrderBy(r => r.Value)];
    }

    // The whole database chooses among every calendar held or counted; a district among GridOps', the one it counts and its own.
    private IReadOnlyList<string> ChoicesOf(bool everything, string counted, string? ownCode, string shown, IEnumerable<string> countedAnywhere)
    {
        IEnumerable<string> choices = everything ? calendars.Codes.Concat(countedAnywhere) : [WorkingCalendarProvider.DefaultCode, counted];
        return [.. choices.Append(ownCode ?? shown).Append(shown).Distinct(StringComparer.Ordinal)
            .OrderBy(c => c == WorkingCalendarProvider.DefaultCode ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)];
    }

    // The calendars some district names (the districts' settings are held with their zones).
    private static IEnumerable<string> Counted(DistrictZones.Snapshot snapshot) =>
        snapshot.WorkingDays?.Values.Select(w => w.Calendar).OfType<string>() ?? [];

    private async Task<string?> CodeOfAsync(long districtId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT code FROM areas WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // The current districts counting a calendar (only the reader's own unless they see the whole database; -1: none).
    private async Task<IReadOnlyList<CalendarDistrict>> CountedByAsync(string code, long? onlyDistrict, DistrictZones.Snapshot snapshot,
        CancellationToken cancellationToken)
    {
        var counting = new List<CalendarDistrict>();
        await using var command = dataSource.CreateCommand($"""
            SELECT a.id, a.code, a.name FROM areas a LEFT JOIN district_settings s ON s.district_code = a.code
            WHERE a.level = {Stored.As(AreaLevel.District)} AND a.retired_at IS NULL
              AND coalesce(s.calendar, '{WorkingCalendarProvider.DefaultCode}') = $1 AND ($2::bigint IS NULL OR a.id = $2)
            ORDER BY a.code
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)onlyDistrict ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            counting.Add(new CalendarDistrict(reader.GetString(1), reader.GetString(2), snapshot.Of(id).Id,
                (snapshot.WorkingDaysOf(id).Hours ?? calendars.Hours).ToString()));
        }

        return counting;
    }
}
