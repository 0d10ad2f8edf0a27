using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.WorkingTime;
using Npgsql;

namespace GridOps.Web.Features.Districts;

/// <summary>What a district sets for itself; a district that never set anything has the defaults.</summary>
/// <param name="TimeZone">The district's IANA zone: its setting, or GridOps' working-time zone.</param>
/// <param name="TimeZoneIsDefault">True when the district has not set a zone of its own.</param>
/// <param name="LevelNames">What the district calls its levels, by language then level ({"en": {"Street": "Borough"}}); empty for GridOps' words.</param>
/// <param name="Calendar">The working calendar its time limits count: its own (named by its code), a shared one, or "default" (GridOps').</param>
/// <param name="Hours">The office hours its time limits count ("08:30-12:00,13:30-17:30"; "00:00-24:00" the whole working day).</param>
/// <param name="HoursIsDefault">True when the district keeps GridOps' hours (WorkingTime:Hours).</param>
public sealed record DistrictSettings(string District, double SnapToleranceMetres, string TimeZone, bool TimeZoneIsDefault,
    Dictionary<string, Dictionary<string, string>> LevelNames, string Calendar = WorkingCalendarProvider.DefaultCode, string Hours = "", bool HoursIsDefault = true);

/// <summary>A change of a district's settings (PUT /api/districts/{code}/settings); fields left out stay as they are;
/// a <c>timeZone</c>, <c>calendar</c> or <c>hours</c> of "" goes back to GridOps' own, <c>levelNames</c> of {} back to GridOps' words.</summary>
public sealed record DistrictSettingsEdit(double? SnapToleranceMetres, string? TimeZone = null, Dictionary<string, Dictionary<string, string>>? LevelNames = null,
    string? Calendar = null, string? Hours = null);

/// <summary>A district's settings as stored (nulls: GridOps' own).</summary>
internal sealed record StoredDistrictSettings(double Tolerance, string? Zone, DistrictLevelNames? Names, string? Calendar, string? Hours);

/// <summary>
/// Reads and writes district_settings (M0014). Only an administrator of the whole district — or of every
/// district — may change it; the change and the audit entry stand or fall together.
/// </summary>
public sealed class DistrictSettingsStore(NpgsqlDataSource dataSource, AuditTrail audit, DistrictZones zones, WorkingCalendarProvider calendars)
{
    /// <summary>Office hours as stored (checked when stored); null for a text this version cannot read, so GridOps' hours count.</summary>
    public static WorkingHours? ReadHours(string text)
    {
        try
        {
            return WorkingHours.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The district's settings, or null when there is no current district with that code or the viewer may not see it.</summary>
    public async Task<DistrictSettings?> GetAsync(string code, Viewer viewer, CancellationToken cancellationToken) =>
        await MayChangeAsync(code, viewer, cancellationToken) ? Settings(code, await StoredAsync(code, cancellationToken)) : null;

    private DistrictSettings Settings(string code, StoredDistrictSettings stored) =>
        new(code, stored.Tolerance, stored.Zone ?? zones.Default.Id, stored.Zone is null, stored.Names?.ToJson() ?? [],
            stored.Calendar ?? WorkingCalendarProvider.DefaultCode, ((stored.Hours is { } hours ? ReadHours(hours) : null) ?? calendars.Hours).ToString(),
            stored.Hours is null);

    /// <summary>Applies an edit; answers the settings as they now are, or the fields refused (nothing stored then).</summary>
    public async Task<(DistrictSettings? Settings, Dictionary<string, string[]> Errors)> EditAsync(string code, DistrictSettingsEdit edit, Viewer viewer,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await MayChangeAsync(code, viewer, cancellationToken))
        {
            return (null, errors);
        }

        var stored = await StoredAsync(code, cancellationToken);
        if (edit.SnapToleranceMetres is null && edit.TimeZone is null && edit.LevelNames is null && edit.Calendar is null && edit.Hours is null)
        {
            return (Settings(code, stored), errors);
        }

        var tolerance = edit.SnapToleranceMetres ?? stored.Tolerance;
        if (!double.IsFinite(tolerance) || tolerance < 0 || tolerance > LocateQueries.MaxSnapMetres)
        {
            errors["snapToleranceMetres"] = [string.Create(CultureInfo.InvariantCulture,
                $"The snap tolerance is metres from 0 (never snap) to {LocateQueries.MaxSnapMetres}; got {tolerance}.")];
        }

        var zone = edit.TimeZone is null ? stored.Zone : edit.TimeZone.Trim() is { Length: 0 } ? null : edit.TimeZone.Trim();
        if (zone is not null && (zone.Length > 64 || !DistrictZones.IsIana(zone)))
        {
            errors["timeZone"] = [$"'{(zone.Length > 64 ? zone[..64] + "…" : zone)}' is not an IANA time zone (e.g. {zones.Default.Id}, America/New_York); \"\" goes back to GridOps' own."];
        }

        // What moves deadlines (the clock, the calendar, the office hours) is a person's to change, not an import key's.
        foreach (var (field, change) in new[] { ("timeZone", edit.TimeZone), ("calendar", edit.Calendar), ("hours", edit.Hours) })
        {
            if (change is not null && !(viewer.Kind == PrincipalKind.User && viewer.Can(Capability.EditCatalogue)))
            {
                errors[field] = ["Only a signed-in administrator changes what a district's time limits count; an import key may not."];
            }
        }

        var calendar = edit.Calendar is null ? stored.Calendar
            : edit.Calendar.Trim() is { Length: 0 } or WorkingCalendarProvider.DefaultCode ? null : edit.Calendar.Trim();
        // Checked when asked for only: a calendar counted before a district of its name was imported stays counted.
        if (edit.Calendar is not null && calendar is not null && await CalendarProblemAsync(code, calendar, cancellationToken) is { } calendarProblem)
        {
            errors["calendar"] = [calendarProblem];
        }

        var hours = edit.Hours is null ? stored.Hours : edit.Hours.Trim() is { Length: 0 } ? null : edit.Hours.Trim();
        if (edit.Hours is not null && hours is not null && HoursProblem(ref hours) is { } hoursProblem)
        {
            errors["hours"] = [hoursProblem + " \"\" goes back to GridOps' own hours; \"00:00-24:00\" counts the whole working day."];
        }

        var names = stored.Names;
        if (edit.LevelNames is { } asked)
        {
            (names, var problems) = DistrictLevelNames.Check(asked);
            foreach (var (field, reasons) in problems)
            {
                errors[field] = reasons;
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO district_settings (district_code, snap_tolerance_m, time_zone, level_names, calendar, working_hours) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (district_code) DO UPDATE SET snap_tolerance_m = EXCLUDED.snap_tolerance_m, time_zone = EXCLUDED.time_zone,
                level_names = EXCLUDED.level_names, calendar = EXCLUDED.calendar, working_hours = EXCLUDED.working_hours, updated_at = now()
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            upsert.Parameters.Add(new NpgsqlParameter<double> { TypedValue = tolerance });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)zone ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            upsert.Parameters.Add(new NpgsqlParameter
            {
                Value = names is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(names.ToJson()), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb,
            });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)calendar ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)hours ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.WriteAsync(connection, transaction, viewer.ActorName, "district.settings", code,
            string.Create(CultureInfo.InvariantCulture, $"snap tolerance {tolerance} m, time zone {zone ?? "default"}, level names {(names is null ? "default" : System.Text.Json.JsonSerializer.Serialize(names.ToJson()))}, calendar {calendar ?? "default"}, hours {hours ?? "default"}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        zones.Forget();
        return (Settings(code, new StoredDistrictSettings(tolerance, zone, names, calendar, hours)), errors);
    }

    /// <summary>The least office time a working day may have: less is a typing mistake that would make every limit run out at once.</summary>
    public static readonly TimeSpan ShortestWorkingDay = TimeSpan.FromHours(1);

    // Office hours as typed, put in their stored form; the reason when they cannot be.
    private static string? HoursProblem(ref string hours)
    {
        try
        {
            var parsed = hours.Length > 200 ? throw new FormatException("Office hours of at most 200 characters.") : WorkingHours.Parse(hours);
            hours = parsed.ToString();
            return parsed.PerDay < ShortestWorkingDay ? $"Office hours of at least {ShortestWorkingDay.TotalHours:0} hour a working day; '{hours}' is {parsed.PerDay.TotalMinutes:0} minutes." : null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    // A district counts its own calendar, a shared one (any name that is no district's), or GridOps' — never another
    // district's own, which that district's administrators edit.
    private async Task<string?> CalendarProblemAsync(string district, string calendar, CancellationToken cancellationToken) =>
        !WorkingCalendarProvider.IsCode(calendar)
            ? $"A calendar is named by 1–64 characters without spaces or control characters (its district's code, or a shared one such as \"US\"); \"\" goes back to GridOps' own."
            : calendar != district && await DistrictIds.OfCodeAsync(dataSource, calendar, cancellationToken) is not null
                ? $"'{calendar}' is another district's own calendar: name this district's ('{district}'), a shared one, or \"\" for GridOps' own."
                : null;

    private async Task<StoredDistrictSettings> StoredAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT snap_tolerance_m, time_zone, level_names::text, calendar, working_hours FROM district_settings WHERE district_code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredDistrictSettings(reader.GetDouble(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                DistrictLevelNames.FromStored(reader.IsDBNull(2) ? null : reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4))
            : new StoredDistrictSettings(LocateQueries.DefaultSnapMetres, null, null, null, null);
    }

    private async Task<bool> MayChangeAsync(string code, Viewer viewer, CancellationToken cancellationToken) =>
        // The whole database, or this district as the viewer's scope: a street's administrator does not set the district's rules.
        await DistrictIds.OfCodeAsync(dataSource, code, cancellationToken) is { } id && viewer.Scope.CoversDistrict(id);
}
