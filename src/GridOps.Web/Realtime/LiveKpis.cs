namespace GridOps.Web.Realtime;

/// <summary>
/// The numbers a live screen shows for its scope, recomputed at most once a second while
/// something in the scope changes. Rates carry numerator and denominator (docs/live.md defines them).
/// </summary>
public sealed record LiveKpis(
    string Group,
    DateTimeOffset At,
    int TodayReported,
    int TodayClosed,
    int TodayClosedOnTime,
    int MonthClosed,
    int MonthDue,
    int OpenNow,
    int WarningNow,
    int OverdueNow,
    int[] Trend,
    int[] Tiers,
    IReadOnlyList<LiveCategoryCount> Categories,
    IReadOnlyList<LiveAreaCount> Ranking);

public sealed record LiveCategoryCount(string Name, string NameEn, int Open);

/// <summary>Open and overdue incidents of one area (a ranking row, or a grid's colour on the map). The id tells two
/// districts' areas of the same code apart (codes are unique per district).</summary>
public sealed record LiveAreaCount(long Id, string Code, string Name, int Open, int Overdue, int TodayClosed);
