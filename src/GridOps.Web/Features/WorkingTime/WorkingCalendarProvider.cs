using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Holds the calendars read from <c>calendar_days</c>: GridOps' own (<see cref="DefaultCode"/>; the shipped years are
/// stored there on first start so an administrator can correct or add a year as data, not code) and any other a
/// district counts — its own, named by its code, or a shared one such as a country's (issue 20, part 2).
/// </summary>
public sealed class WorkingCalendarProvider(NpgsqlDataSource dataSource, IOptions<WorkingTimeOptions> options, ILogger<WorkingCalendarProvider> logger)
{
    /// <summary>GridOps' own calendar: China's arrangements as shipped, counted by every district that names none.</summary>
    public const string DefaultCode = "default";

    private WorkingCalendar? _current;

    // The days read, and the calendars built from them, swapped as one so a reader never mixes two reads.
    private sealed record Held(IReadOnlyDictionary<string, IReadOnlyList<CalendarDay>> Days,
        System.Collections.Concurrent.ConcurrentDictionary<(string Code, string Zone, string Hours), WorkingCalendar> Built);

    private volatile Held _held = new(new Dictionary<string, IReadOnlyList<CalendarDay>>(), new());

    /// <summary>GridOps' own calendar in GridOps' zone and hours.</summary>
    public WorkingCalendar Current => _current ?? throw new InvalidOperationException("The working calendar is read at start-up; it has not been loaded yet.");

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>GridOps' own office hours (WorkingTime:Hours): a district's until it sets its own.</summary>
    public WorkingHours Hours => _hours ??= WorkingHours.Parse(options.Value.Hours);

    // Read once: every report and change asks for a district's hours, and the setting is fixed at start.
    private WorkingHours? _hours;

    /// <summary>The calendars that hold any day, the default first.</summary>
    public IReadOnlyList<string> Codes => [.. _held.Days.Keys.Append(DefaultCode).Distinct(StringComparer.Ordinal)
        .OrderBy(c => c == DefaultCode ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)];

    /// <summary>A calendar's days counted in a district's zone and hours (one built per combination, until the next read;
    /// a name that holds no day is built each time, so names asked for at random are not kept).</summary>
    public WorkingCalendar Of(string code, TimeZoneInfo zone, WorkingHours hours)
    {
        var held = _held;
        return held.Days.TryGetValue(code, out var days)
            ? held.Built.GetOrAdd((code, zone.Id, hours.ToString()), _ => new WorkingCalendar(zone, days, hours))
            : new WorkingCalendar(zone, [], hours);
    }

    /// <summary>
    /// A calendar's name as GridOps accepts it: 1–64 characters without spaces or control characters (a district's code,
    /// which may be "310115.001" or 西湖区, or a region's such as "US-NY"); compared exactly.
    /// </summary>
    public static bool IsCode(string? code) =>
        code is { Length: >= 1 and <= 64 } && !code.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c));

    /// <summary>Stores the embedded years the database lacks, then loads the calendar (once: storing loads it when it stored any).</summary>
    public async Task SeedAndLoadAsync(CancellationToken cancellationToken)
    {
        if (await StoreYearsAsync(DefaultCode, CalendarYear.Embedded(), replace: false, cancellationToken) == 0)
        {
            await LoadAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stores years' arrangements of one calendar in one transaction — all of them or none — and answers how many were stored
    /// (a year already there is kept unless <paramref name="replace"/>). <paramref name="audit"/> writes its entry in the
    /// same transaction, so the change and its record stand or fall together. Then this node reads the calendar again;
    /// the others within a minute (<see cref="CalendarRefresher"/>).
    /// </summary>
    public async Task<int> StoreYearsAsync(string calendar, IReadOnlyList<CalendarYear> years, bool replace, CancellationToken cancellationToken,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? audit = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = 0;
        foreach (var year in years)
        {
            if (await StoreYearAsync(connection, transaction, calendar, year, replace, cancellationToken))
            {
                stored++;
            }
        }

        if (audit is not null)
        {
            await audit(connection, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        if (stored > 0)
        {
            await LoadAsync(cancellationToken);
        }

        return stored;
    }

    private async Task<bool> StoreYearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string calendar, CalendarYear year, bool replace,
        CancellationToken cancellationToken)
    {
        var from = new DateOnly(year.Year, 1, 1);
        var to = new DateOnly(year.Year, 12, 31);
        await using (var existing = new NpgsqlCommand("SELECT count(*) FROM calendar_days WHERE day BETWEEN $1 AND $2 AND calendar = $3", connection, transaction))
        {
            existing.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            existing.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            existing.Parameters.Add(new NpgsqlParameter<string> { TypedValue = calendar });
            if ((long)(await existing.ExecuteScalarAsync(cancellationToken))! > 0 && !replace)
            {
                return false;
            }
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM calendar_days WHERE day BETWEEN $1 AND $2 AND calendar = $3", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = calendar });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var days = year.Days().ToList();
        await using (var insert = new NpgsqlCommand("INSERT INTO calendar_days (day, working, name, calendar) SELECT d, w, n, $4 FROM unnest($1::date[], $2::boolean[], $3::text[]) AS t (d, w, n)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. days.Select(d => d.Day)] });
            insert.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. days.Select(d => d.Working)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. days.Select(d => d.Name)] });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = calendar });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        logger.LogInformation("Stored {Year} in the {Calendar} working calendar ({Days} holidays and make-up days)", year.Year, calendar, days.Count);
        return true;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var byCalendar = new Dictionary<string, List<CalendarDay>>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand("SELECT calendar, day, working, name FROM calendar_days"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var code = reader.GetString(0);
                if (!byCalendar.TryGetValue(code, out var days))
                {
                    byCalendar[code] = days = [];
                }

                days.Add(new CalendarDay(reader.GetFieldValue<DateOnly>(1), reader.GetBoolean(2), reader.GetString(3)));
            }
        }

        _held = new Held(byCalendar.ToDictionary(p => p.Key, p => (IReadOnlyList<CalendarDay>)p.Value, StringComparer.Ordinal), new());
        _current = Of(DefaultCode, Zone, Hours);
    }
}
