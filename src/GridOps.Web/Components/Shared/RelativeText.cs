using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GridOps.Web.Components.Shared;

/// <summary>
/// "3 hours ago", "in 20 minutes", "2天前" from the resource files. The wording is exactly what the
/// browser's Intl.RelativeTimeFormat (long style) says in both languages, so the script that keeps
/// these fresh every half minute (relative-time.js) never changes how they read.
/// </summary>
public static class RelativeText
{
    public static string Describe(IStringLocalizer text, DateTimeOffset at, DateTimeOffset now)
    {
        var seconds = (at - now).TotalSeconds;
        var ahead = seconds > 0;
        var magnitude = Math.Abs(seconds);
        if (magnitude < 60)
        {
            return text["Time.JustNow"];
        }

        var (count, unit) = magnitude switch
        {
            < 3600 => ((int)(magnitude / 60), "Minute"),
            < 48 * 3600 => ((int)(magnitude / 3600), "Hour"),
            _ => ((int)(magnitude / 86400), "Day"),
        };
        var key = (ahead, count == 1) switch
        {
            (true, true) => $"Time.In{unit}",
            (true, false) => $"Time.In{unit}s",
            (false, true) => $"Time.{unit}Ago",
            (false, false) => $"Time.{unit}sAgo",
        };
        return string.Format(CultureInfo.CurrentCulture, text[key], count);
    }
}
