using GridOps.Web.Features.Jobs;
using Hangfire;

namespace GridOps.Web.Features.Assessment;

// Monthly work is retried a few times (a database restart at 00:05 on the 1st should not cost the
// month). A retry after a commit finds the month done and does nothing: the run row is the guard
// (AssessmentStore), not the scheduler.

/// <summary>On the 1st, shortly after midnight in the district: last month computed and frozen.</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class FreezeLastMonthJob(AssessmentStore store) : IScheduledJob
{
    public const string Name = "assessment-freeze";

    public Task RunAsync(CancellationToken cancellationToken) => store.FreezeAsync(store.CurrentMonth().AddMonths(-1), cancellationToken);
}

/// <summary>On the 15th at 08:00 in each district: the mid-month review, month to date (月中调度督导).</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class MidMonthReviewJob(AssessmentSnapshots snapshots) : IScheduledJob
{
    public const string Name = "assessment-mid-month";

    public Task RunAsync(CancellationToken cancellationToken) => snapshots.TakeDueAsync(AssessmentKind.MidMonth, cancellationToken);
}

/// <summary>On the last day of the month at 20:00 in each district: the summary and ranking (月末总结考评).</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class MonthEndSummaryJob(AssessmentSnapshots snapshots) : IScheduledJob
{
    public const string Name = "assessment-month-end";

    public Task RunAsync(CancellationToken cancellationToken) => snapshots.TakeDueAsync(AssessmentKind.MonthEnd, cancellationToken);
}
