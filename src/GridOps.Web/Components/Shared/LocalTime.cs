using System.Globalization;

namespace GridOps.Web.Components.Shared;

/// <summary>
/// Times as a district reads them, in the zone passed in: an incident's own district's where an incident's times are
/// shown (Districts.DistrictZones), the reader's district's elsewhere (Districts.ReaderZone). Null is GridOps' own clock
/// (WorkingTime__TimeZone, given at start-up), for the whole database. Pages call this from markup.
/// </summary>
public static class LocalTime
{
    private static TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The zone's IANA id, for the browser's own formatting (html data-time-zone).</summary>
    public static string ZoneId => _zone.Id;

    /// <summary>Called once at start-up with the district's zone.</summary>
    public static void UseZone(TimeZoneInfo zone) => _zone = zone;

    /// <summary>In a given district's zone (an incident's times in its own district's time); null is GridOps' zone.</summary>
    public static string Format(DateTimeOffset? instant, TimeZoneInfo? zone) =>
        instant is { } t ? TimeZoneInfo.ConvertTime(t, zone ?? _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    /// <summary>"(America/New_York)" when a district keeps another zone than GridOps': the reader sees whose clock it is.</summary>
    public static string ZoneNote(TimeZoneInfo? zone) => zone is not null && zone.Id != _zone.Id ? $" ({zone.Id})" : "";

    /// <summary>With seconds and the weekday in the reader's language: the wall's clock.</summary>
    public static string FormatClock(DateTimeOffset instant, TimeZoneInfo? zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone ?? _zone);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + local.ToString("dddd", CultureInfo.CurrentCulture);
    }

    /// <summary>Just the time of day with seconds (a ticker line).</summary>
    public static string FormatTimeOfDay(DateTimeOffset instant, TimeZoneInfo? zone) =>
        TimeZoneInfo.ConvertTime(instant, zone ?? _zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The hour of day (0–23) in the district's zone.</summary>
    public static int HourOf(DateTimeOffset instant, TimeZoneInfo? zone) => TimeZoneInfo.ConvertTime(instant, zone ?? _zone).Hour;

    /// <summary>The calendar day an instant falls on in a zone (null: GridOps' own).</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo? zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone ?? _zone).DateTime);

    /// <summary>Midnight at the start of a local calendar day (with that midnight's own offset, right on a day the clocks
    /// change), as a UTC instant: Npgsql writes timestamptz parameters only with offset 0.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo? zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, (zone ?? _zone).GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>Machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset instant, TimeZoneInfo? zone) =>
        TimeZoneInfo.ConvertTime(instant, zone ?? _zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
