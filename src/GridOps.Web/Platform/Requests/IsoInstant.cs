using System.Globalization;
using System.Text.RegularExpressions;

namespace GridOps.Web.Platform.Requests;

/// <summary>
/// ISO 8601 instants as other systems send them: <c>2026-12-01T10:00:00-05:00</c>, <c>…Z</c> or <c>…z</c>,
/// a space for the T, seconds and fractions optional. A time without an offset is the district's
/// local time. Anything else is refused — "10:00 -05:00" once became 02:00Z silently (issue 15).
/// </summary>
public static partial class IsoInstant
{
    // [0-9], not \d: \d also matches Arabic-Indic and other digits, which int.Parse then refuses.
    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?<time>[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?)(?<zone>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    public static bool TryParse(string? text, TimeZoneInfo localZone, out DateTimeOffset instant)
    {
        instant = default;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(match.Groups["time"].Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var zone = match.Groups["zone"].Value;
        if (zone.Length == 0)
        {
            // A local time that the clocks skipped (a spring-forward gap) names no instant.
            if (localZone.IsInvalidTime(local))
            {
                return false;
            }

            try
            {
                instant = new DateTimeOffset(local, localZone.GetUtcOffset(local));
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        if (zone is "Z" or "z")
        {
            instant = new DateTimeOffset(local, TimeSpan.Zero);
            return true;
        }

        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        var offset = new TimeSpan(hours, minutes, 0);
        if (minutes > 59 || offset > TimeSpan.FromHours(14))
        {
            return false;
        }

        try
        {
            instant = new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
            // 9999-12-31T23:00-05:00 is past the last instant .NET can hold: the constructor refuses it.
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
