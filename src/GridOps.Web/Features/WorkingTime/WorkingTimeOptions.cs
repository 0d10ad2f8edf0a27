namespace GridOps.Web.Features.WorkingTime;

/// <summary>The district's time zone and the default time limit of every step per tier, in
/// working minutes. A category may override a step (the catalogue); a red incident's limit is
/// set per case by extension.</summary>
public sealed class WorkingTimeOptions
{
    /// <summary>GridOps' own time zone (IANA name): working days, month boundaries, the jobs' schedules, and the times of every district that sets none of its own (`PUT /api/districts/{code}/settings` `timeZone`).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// The office hours time limits count, local, e.g. "08:30-12:00,13:30-17:30"; empty counts the whole of a working
    /// day; a district may keep its own (`PUT /api/districts/{code}/settings` `hours`). A limit of whole days (a multiple
    /// of 1,440 minutes) counts that many working days of these hours; any other limit counts minutes of them.
    /// </summary>
    public string Hours { get; set; } = "";

    /// <summary>At this share of a limit an incident turns "warning".</summary>
    public double WarningShare { get; set; } = 0.8;

    /// <summary>Wall-clock minutes a whistled department has to report in (报到).</summary>
    public int ReportInMinutes { get; set; } = 30;

    public TierLimits Green { get; set; } = new() { Accept = 60, Dispatch = 120, Handle = 1 * WorkingDay, Verify = WorkingDay };

    public TierLimits Blue { get; set; } = new() { Accept = 120, Dispatch = 240, Handle = 2 * WorkingDay, Verify = WorkingDay };

    public TierLimits Yellow { get; set; } = new() { Accept = 120, Dispatch = 240, Handle = 3 * WorkingDay, Verify = WorkingDay };

    public TierLimits Red { get; set; } = new() { Accept = 30, Dispatch = 60, Handle = 5 * WorkingDay, Verify = WorkingDay };

    public const int WorkingDay = 24 * 60;
}

public sealed class TierLimits
{
    /// <summary>Working minutes to accept a report.</summary>
    public int Accept { get; set; }

    /// <summary>Working minutes to dispatch (or whistle) once accepted.</summary>
    public int Dispatch { get; set; }

    /// <summary>Working minutes to handle and report back once dispatched.</summary>
    public int Handle { get; set; }

    /// <summary>Working minutes to verify and close once reported back.</summary>
    public int Verify { get; set; }
}
