using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>Holds the calendar read from <c>calendar_days</c>; the shipped years are stored there
/// on first start so an administrator can correct or add a year as data, not code.</summary>
public sealed class WorkingCalendarProvider(NpgsqlDataSource dataSource, IOptions<WorkingTimeOptions> options, ILogger<WorkingCalendarProvider> logger)
{
    private WorkingCalendar? _current;

    public WorkingCalendar Current => _current ?? throw new InvalidOperationException("The working calendar is read at start-up; it has not been loaded yet.");

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Stores the embedded years the database lacks, then loads the calendar (once: storing loads it when it stored any).</summary>
    public async Task SeedAndLoadAsync(CancellationToken cancellationToken)
    {
        if (await StoreYearsAsync(CalendarYear.Embedded(), replace: false, cancellationToken) == 0)
        {
            await LoadAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stores years' arrangements in one transaction — all of them or none — and answers how many were stored
    /// (a year already there is kept unless <paramref name="replace"/>). <paramref name="audit"/> writes its entry in the
    /// same transaction, so the change and its record stand or fall together. Then this node reads the calendar again;
    /// the others within a minute (<see cref="CalendarRefresher"/>).
    /// </summary>
    public async Task<int> StoreYearsAsync(IReadOnlyList<CalendarYear> years, bool replace, CancellationToken cancellationToken,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? audit = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = 0;
        foreach (var year in years)
        {
            if (await StoreYearAsync(connection, transaction, year, replace, cancellationToken))
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

    private async Task<bool> StoreYearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CalendarYear year, bool replace, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year.Year, 1, 1);
        var to = new DateOnly(year.Year, 12, 31);
        await using (var existing = new NpgsqlCommand("SELECT count(*) FROM calendar_days WHERE day BETWEEN $1 AND $2", connection, transaction))
        {
            existing.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            existing.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            if ((long)(await existing.ExecuteScalarAsync(cancellationToken))! > 0 && !replace)
            {
                return false;
            }
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM calendar_days WHERE day BETWEEN $1 AND $2", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var days = year.Days().ToList();
        await using (var insert = new NpgsqlCommand("INSERT INTO calendar_days (day, working, name) SELECT * FROM unnest($1::date[], $2::boolean[], $3::text[])", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. days.Select(d => d.Day)] });
            insert.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. days.Select(d => d.Working)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. days.Select(d => d.Name)] });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        logger.LogInformation("Stored the {Year} working calendar ({Days} holidays and make-up days)", year.Year, days.Count);
        return true;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var days = new List<CalendarDay>();
        await using (var command = dataSource.CreateCommand("SELECT day, working, name FROM calendar_days"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new CalendarDay(reader.GetFieldValue<DateOnly>(0), reader.GetBoolean(1), reader.GetString(2)));
            }
        }

        _current = new WorkingCalendar(Zone, days, WorkingHours.Parse(options.Value.Hours));
    }
}
