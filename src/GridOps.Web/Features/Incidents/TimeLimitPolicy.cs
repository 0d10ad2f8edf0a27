using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.WorkingTime;

namespace GridOps.Web.Features.Incidents;

/// <summary>Picks a step's limit (category override, else the tier's default) and places
/// deadlines on the working calendar.</summary>
public sealed class TimeLimitPolicy(WorkingCalendar calendar, WorkingTimeOptions options)
{
    public WorkingCalendar Calendar => calendar;

    public int ReportInMinutes => options.ReportInMinutes;

    /// <summary>
    /// The step's limit in working minutes of this calendar's hours. A limit of whole days (a multiple of 1,440 minutes)
    /// is that many working days, so a district keeping office hours of 7.5 h counts "1 day" as 450 minutes, not 3.2 days.
    /// </summary>
    public int LimitMinutes(IncidentStep step, Tier tier, Category? category)
    {
        var minutes = ConfiguredMinutes(step, tier, category);
        return minutes > 0 && minutes % WorkingTimeOptions.WorkingDay == 0 && !calendar.Hours.IsWholeDay
            ? minutes / WorkingTimeOptions.WorkingDay * (int)calendar.Hours.PerDay.TotalMinutes
            : minutes;
    }

    private int ConfiguredMinutes(IncidentStep step, Tier tier, Category? category)
    {
        var defaults = tier switch
        {
            Tier.Green => options.Green,
            Tier.Blue => options.Blue,
            Tier.Yellow => options.Yellow,
            _ => options.Red,
        };
        return step switch
        {
            IncidentStep.Accept => category?.AcceptLimitMinutes ?? defaults.Accept,
            IncidentStep.Dispatch => category?.DispatchLimitMinutes ?? defaults.Dispatch,
            IncidentStep.Handle => category?.HandleLimitMinutes ?? defaults.Handle,
            _ => category?.VerifyLimitMinutes ?? defaults.Verify,
        };
    }

    public StepClock Start(IncidentStep step, int limitMinutes, DateTimeOffset now) =>
        Place(new StepClock(step, limitMinutes, 0, now, null, null));

    /// <summary>Stops the clock, banking the working time used so far (suspension).</summary>
    public StepClock Freeze(StepClock clock, DateTimeOffset now) =>
        clock with
        {
            ElapsedMinutes = clock.ElapsedMinutes + ElapsedInSegment(clock, now),
            SegmentStartedAt = null,
            WarnAt = null,
            DueAt = null,
        };

    public StepClock Resume(StepClock clock, DateTimeOffset now) => Place(clock with { SegmentStartedAt = now });

    public StepClock WithLimit(StepClock clock, int limitMinutes) => Place(clock with { LimitMinutes = limitMinutes });

    /// <summary>Working minutes of the limit used at <paramref name="now"/>, suspended time excluded.</summary>
    public int UsedMinutes(StepClock clock, DateTimeOffset now) => clock.ElapsedMinutes + ElapsedInSegment(clock, now);

    private int ElapsedInSegment(StepClock clock, DateTimeOffset now) =>
        clock.SegmentStartedAt is { } start ? (int)Math.Floor(calendar.WorkingTimeBetween(start, now).TotalMinutes) : 0;

    private StepClock Place(StepClock clock)
    {
        if (clock.SegmentStartedAt is not { } start)
        {
            return clock with { WarnAt = null, DueAt = null };
        }

        var dueLeft = Math.Max(0, clock.LimitMinutes - clock.ElapsedMinutes);
        var warnLeft = Math.Max(0, (int)Math.Ceiling(clock.LimitMinutes * options.WarningShare) - clock.ElapsedMinutes);
        return clock with
        {
            WarnAt = calendar.AddWorkingTime(start, TimeSpan.FromMinutes(warnLeft)),
            DueAt = calendar.AddWorkingTime(start, TimeSpan.FromMinutes(dueLeft)),
        };
    }
}
