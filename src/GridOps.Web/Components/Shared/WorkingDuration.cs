using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GridOps.Web.Components.Shared;

/// <summary>
/// A span of working time as the district says it: whole working days of its own office hours ("1 个工作日" is 450
/// minutes where a day is 08:30–12:00 and 13:30–17:30, 1,440 where it is the whole day), else working hours.
/// </summary>
public static class WorkingDuration
{
    public static string Text(IStringLocalizer localizer, int minutes, int minutesPerDay) =>
        minutesPerDay > 0 && minutes > 0 && minutes % minutesPerDay == 0
            ? string.Format(CultureInfo.CurrentCulture, localizer["Time.WorkingDays"], minutes / minutesPerDay)
            : string.Format(CultureInfo.CurrentCulture, localizer["Time.WorkingHours"], Math.Round(minutes / 60.0, 1));

    /// <summary>Minutes in one working day of a calendar's hours.</summary>
    public static int MinutesPerDay(Features.WorkingTime.WorkingCalendar calendar) => (int)calendar.Hours.PerDay.TotalMinutes;
}
