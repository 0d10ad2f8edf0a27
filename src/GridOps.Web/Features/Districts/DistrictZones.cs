using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.WorkingTime;
using Npgsql;

namespace GridOps.Web.Features.Districts;

/// <summary>
/// Each district's time zone (its setting, or GridOps' working-time zone), by district id, for the doors that speak
/// an incident's own local time: ticket numbers, Open311, the CSV export, the history import. Read again at most once
/// a minute, and at once on this node when a district's setting changes.
/// </summary>
public sealed class DistrictZones(NpgsqlDataSource dataSource, WorkingCalendarProvider calendar, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    /// <summary>GridOps' own zone (WorkingTime:TimeZone): a district's until it sets one.</summary>
    public TimeZoneInfo Default => calendar.Zone;
    private volatile Snapshot? _snapshot;

    /// <summary>The calendar a district counts (null: GridOps' own) and its office hours (null: GridOps' own).</summary>
    public sealed record DistrictWorkingDays(string? Calendar, WorkingHours? Hours)
    {
        public static readonly DistrictWorkingDays Default = new(null, null);
    }

    /// <summary>A district's clock and what it calls its levels.</summary>
    public sealed record DistrictLocale(TimeZoneInfo Zone, DistrictLevelNames? Names);

    /// <summary>Zones by district id; <see cref="Snapshot.Of"/> gives the default for an unknown or missing id.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<long, TimeZoneInfo> Zones, TimeZoneInfo Default, DateTimeOffset ReadAt,
        IReadOnlyDictionary<long, DistrictLevelNames>? LevelNames = null, IReadOnlyDictionary<long, DistrictWorkingDays>? WorkingDays = null)
    {
        /// <summary>The calendar a district counts and its office hours (nulls: GridOps' own).</summary>
        public DistrictWorkingDays WorkingDaysOf(long? districtId) =>
            districtId is { } id && WorkingDays?.TryGetValue(id, out var days) == true ? days : DistrictWorkingDays.Default;

        public TimeZoneInfo Of(long? districtId) => districtId is { } id && Zones.TryGetValue(id, out var zone) ? zone : Default;

        /// <summary>What the district calls its levels (null: GridOps' words).</summary>
        public DistrictLevelNames? NamesOf(long? districtId) => districtId is { } id && LevelNames?.TryGetValue(id, out var names) == true ? names : null;

        public DistrictLocale LocaleOf(long? districtId) => new(Of(districtId), NamesOf(districtId));
    }

    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } cached && clock.GetUtcNow() - cached.ReadAt < Fresh)
        {
            return cached;
        }

        var zones = new Dictionary<long, TimeZoneInfo>();
        var names = new Dictionary<long, DistrictLevelNames>();
        var workingDays = new Dictionary<long, DistrictWorkingDays>();
        await using var command = dataSource.CreateCommand($"""
            SELECT a.id, s.time_zone, s.level_names::text, s.calendar, s.working_hours FROM areas a JOIN district_settings s ON s.district_code = a.code
            WHERE a.level = {Stored.As(AreaLevel.District)}
              AND (s.time_zone IS NOT NULL OR s.level_names IS NOT NULL OR s.calendar IS NOT NULL OR s.working_hours IS NOT NULL)
            """);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // Checked when stored; a zone this machine no longer knows falls back to the default rather than failing a report.
                if (!reader.IsDBNull(1) && TimeZoneInfo.TryFindSystemTimeZoneById(reader.GetString(1), out var zone))
                {
                    zones[reader.GetInt64(0)] = zone;
                }

                if (DistrictLevelNames.FromStored(reader.IsDBNull(2) ? null : reader.GetString(2)) is { } levelNames)
                {
                    names[reader.GetInt64(0)] = levelNames;
                }

                if (!reader.IsDBNull(3) || !reader.IsDBNull(4))
                {
                    workingDays[reader.GetInt64(0)] = new DistrictWorkingDays(reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : DistrictSettingsStore.ReadHours(reader.GetString(4)));
                }
            }
        }

        var snapshot = new Snapshot(zones, calendar.Zone, clock.GetUtcNow(), names, workingDays);
        _snapshot = snapshot;
        return snapshot;
    }

    public async Task<TimeZoneInfo> OfAsync(long? districtId, CancellationToken cancellationToken) => (await CurrentAsync(cancellationToken)).Of(districtId);

    /// <summary>
    /// The working calendar a district's time limits count: the calendar it names (else GridOps' own), in its zone and
    /// its office hours (else GridOps'). GridOps' own for an incident of no district.
    /// </summary>
    public async Task<WorkingCalendar> CalendarOfAsync(long? districtId, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var days = snapshot.WorkingDaysOf(districtId);
        return calendar.Of(days.Calendar ?? WorkingCalendarProvider.DefaultCode, snapshot.Of(districtId), days.Hours ?? calendar.Hours);
    }

    /// <summary>
    /// The zone a person reads in: the district their scope lies in, or GridOps' own for the whole database and for a
    /// department (both span districts). An area never moves to another district, so which district it is in is kept.
    /// </summary>
    public Task<TimeZoneInfo> OfScopeAsync(AccessScope scope, CancellationToken cancellationToken) => OfAreaAsync(scope.AreaId, cancellationToken);

    /// <summary>The zone of the district an area lies in (GridOps' own for none).</summary>
    public async Task<TimeZoneInfo> OfAreaAsync(long? areaId, CancellationToken cancellationToken) =>
        (await LocaleOfAreaAsync(areaId, cancellationToken)).Zone;

    /// <summary>The clock and the level words of the district an area lies in (GridOps' own for none).</summary>
    public async Task<DistrictLocale> LocaleOfAreaAsync(long? areaId, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).LocaleOf(await DistrictOfAsync(areaId, cancellationToken));

    /// <summary>The id of the district an area lies in (itself for a district); null for none or no such area.</summary>
    public async Task<long?> DistrictOfAsync(long? areaId, CancellationToken cancellationToken)
    {
        long? districtId = null;
        if (areaId is { } id && id > 0 && !_districtOfArea.TryGetValue(id, out districtId))
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(ancestor_ids[1], id) FROM areas WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            districtId = await command.ExecuteScalarAsync(cancellationToken) as long?;
            if (districtId is not null)
            {
                _districtOfArea[id] = districtId;
            }
        }

        return districtId;
    }

    /// <summary>Every current district's zone by its code (a 12345 batch reads each row's times in the district it names).</summary>
    public async Task<IReadOnlyDictionary<string, TimeZoneInfo>> ByCodeAsync(CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return (await CurrentDistrictsAsync(cancellationToken)).ToDictionary(d => d.Code, d => snapshot.Of(d.Id), StringComparer.Ordinal);
    }

    /// <summary>The current districts, by id (the jobs that work district by district on each one's own clock).</summary>
    public async Task<IReadOnlyList<(long Id, string Code)>> CurrentDistrictsAsync(CancellationToken cancellationToken)
    {
        var districts = new List<(long, string)>();
        await using var command = dataSource.CreateCommand($"SELECT id, code FROM areas WHERE level = {Stored.As(AreaLevel.District)} AND retired_at IS NULL ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            districts.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return districts;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long?> _districtOfArea = new();

    /// <summary>A setting changed on this node: read again at the next question.</summary>
    public void Forget() => _snapshot = null;

    /// <summary>An IANA id this machine knows (Windows names are refused: the setting must mean the same on every node).</summary>
    public static bool IsIana(string id) =>
        (id.Contains('/', StringComparison.Ordinal) || id == "UTC") && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
