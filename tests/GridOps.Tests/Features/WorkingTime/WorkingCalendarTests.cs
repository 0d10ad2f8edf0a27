using GridOps.Web.Features.WorkingTime;

namespace GridOps.Tests.Features.WorkingTime;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    internal static WorkingCalendar China() =>
        new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), CalendarYear.Embedded().SelectMany(y => y.Days()));

    private static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, Beijing);

    [Fact]
    public void Embedded_Has2025And2026_WithTheirSpringFestivals()
    {
        var years = CalendarYear.Embedded();
        Assert.Contains(years, y => y.Year == 2025);
        Assert.Contains(years, y => y.Year == 2026);
        var calendar = China();
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 1, 29)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 17)));
    }

    [Theory]
    [InlineData("2026-02-14", true)]  // Saturday, make-up working day (春节调休)
    [InlineData("2026-02-28", true)]  // Saturday, make-up working day
    [InlineData("2026-01-04", true)]  // Sunday, make-up working day (元旦)
    [InlineData("2025-09-28", true)]  // Sunday, make-up working day (国庆)
    [InlineData("2026-02-23", false)] // Monday, last day of the Spring Festival holiday
    [InlineData("2025-10-08", false)] // Wednesday, National Day holiday
    [InlineData("2026-10-10", true)]  // Saturday, make-up day
    [InlineData("2026-11-21", false)] // an ordinary Saturday
    [InlineData("2026-11-23", true)]  // an ordinary Monday
    public void IsWorkingDay_FollowsHolidaysAndMakeUpDays(string day, bool working) =>
        Assert.Equal(working, China().IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AddWorkingTime_TwoDaysFromFriday_EndsTuesday()
    {
        var due = China().AddWorkingTime(At(2026, 11, 20, 10), TimeSpan.FromDays(2));
        Assert.Equal(At(2026, 11, 24, 10), due);
    }

    [Fact]
    public void AddWorkingTime_AcrossSpringFestival_SkipsNineDaysAndWorksTheMakeUpSaturday()
    {
        // Friday 13 Feb 2026 15:00 + 1 working day: Sat 14 Feb is a make-up working day.
        var calendar = China();
        Assert.Equal(At(2026, 2, 14, 15), calendar.AddWorkingTime(At(2026, 2, 13, 15), TimeSpan.FromDays(1)));
        // + 2 working days: the holiday runs 15–23 Feb, so the second day ends on Tue 24 Feb 15:00.
        Assert.Equal(At(2026, 2, 24, 15), calendar.AddWorkingTime(At(2026, 2, 13, 15), TimeSpan.FromDays(2)));
    }

    [Fact]
    public void AddWorkingTime_AcrossYearEnd_SkipsNewYearHolidayAndWorksSundayFourth()
    {
        // Wed 31 Dec 2025 12:00 + 1 working day: 1–3 Jan 2026 are holidays, Sun 4 Jan is a make-up day.
        Assert.Equal(At(2026, 1, 4, 12), China().AddWorkingTime(At(2025, 12, 31, 12), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void AddWorkingTime_AcrossMonthEnd_KeepsCounting()
    {
        // Fri 30 Oct 2026 18:00 + 3 working days → Wed 4 Nov 18:00.
        Assert.Equal(At(2026, 11, 4, 18), China().AddWorkingTime(At(2026, 10, 30, 18), TimeSpan.FromDays(3)));
    }

    [Fact]
    public void AddWorkingTime_StartingOnAHoliday_StartsCountingAtTheNextWorkingDay()
    {
        Assert.Equal(At(2026, 10, 8, 2), China().AddWorkingTime(At(2026, 10, 3, 9), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void WorkingTimeBetween_IsTheInverseOfAddWorkingTime()
    {
        var calendar = China();
        var start = At(2025, 9, 26, 16, 30);
        foreach (var hours in new[] { 0.5, 7.5, 24, 60, 130 })
        {
            var end = calendar.AddWorkingTime(start, TimeSpan.FromHours(hours));
            Assert.Equal(TimeSpan.FromHours(hours), calendar.WorkingTimeBetween(start, end));
        }
    }

    [Fact]
    public void WorkingTimeBetween_OverAWeekendOrHoliday_CountsNothing()
    {
        var calendar = China();
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 11, 21, 9), At(2026, 11, 22, 20)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 10, 1), At(2026, 10, 8)));
    }

    [Fact]
    public void Parse_ADayOutsideItsYear_IsRefusedWithTheDay()
    {
        var json = """{"year":2027,"source":"test","holidays":[{"from":"2026-12-31","to":"2027-01-01","name":"元旦"}],"makeUpWorkdays":[]}""";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var error = Assert.Throws<FormatException>(() => CalendarYear.Parse(stream));
        Assert.Contains("2026-12-31", error.Message, StringComparison.Ordinal);
    }

    private static WorkingCalendar ChinaOfficeHours() =>
        new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), CalendarYear.Embedded().SelectMany(y => y.Days()), WorkingHours.Parse("08:30-12:00,13:30-17:30"));

    [Fact]
    public void WithOfficeHours_OnlyThoseHoursCount_AcrossTheLunchBreakTheNightAndTheWeekend()
    {
        var calendar = ChinaOfficeHours();

        // Monday 23 November 2026: 11:00 + 2 h → 1 h before lunch, 1 h after → 14:30.
        Assert.Equal(At(2026, 11, 23, 14, 30), calendar.AddWorkingTime(At(2026, 11, 23, 11), TimeSpan.FromHours(2)));
        // Friday 27 November 16:30 + 2 h → 1 h on Friday, then Monday 30 November 08:30 + 1 h.
        Assert.Equal(At(2026, 11, 30, 9, 30), calendar.AddWorkingTime(At(2026, 11, 27, 16, 30), TimeSpan.FromHours(2)));
        // A report at 20:00 starts counting at 08:30 the next working day.
        Assert.Equal(At(2026, 11, 24, 9, 0), calendar.AddWorkingTime(At(2026, 11, 23, 20), TimeSpan.FromMinutes(30)));
        // One working day of office hours is 7.5 h; Monday 08:00 to Tuesday 12:00 holds 7.5 + 3.5 h.
        Assert.Equal(TimeSpan.FromHours(7.5), calendar.Hours.PerDay);
        Assert.Equal(TimeSpan.FromHours(11), calendar.WorkingTimeBetween(At(2026, 11, 23, 8), At(2026, 11, 24, 12)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 11, 23, 12), At(2026, 11, 23, 13, 30)));
    }

    [Fact]
    public void WithOfficeHours_AddAndBetween_AgreeEverywhere()
    {
        var calendar = ChinaOfficeHours();
        var start = At(2026, 9, 28, 10, 17);
        for (var minutes = 0; minutes < 20 * 450; minutes += 97)
        {
            var end = calendar.AddWorkingTime(start, TimeSpan.FromMinutes(minutes));
            Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.WorkingTimeBetween(start, end));
        }
    }

    [Theory]
    [InlineData("08:30")]
    [InlineData("12:00-08:30")]
    [InlineData("08:30-12:00,11:00-17:30")]
    [InlineData("8.30-12")]
    public void OfficeHoursThatCannotBeRead_AreRefusedWithTheReason(string text) =>
        Assert.Throws<FormatException>(() => WorkingHours.Parse(text));

    [Fact]
    public void NoOfficeHours_IsTheWholeDay_AsBefore()
    {
        Assert.True(WorkingHours.Parse("").IsWholeDay);
        Assert.Equal("08:30-12:00,13:30-24:00", WorkingHours.Parse(" 08:30-12:00 , 13:30-24:00 ").ToString());
    }
}
