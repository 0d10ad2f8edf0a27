using Quartz;

namespace GridOps.Web.Features.Assessment;

/// <summary>On the 1st, shortly after midnight in the district: last month computed and frozen.</summary>
[DisallowConcurrentExecution]
public sealed class FreezeLastMonthJob(AssessmentStore store) : IJob
{
    public const string Name = "assessment-freeze";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await store.FreezeAsync(store.CurrentMonth().AddMonths(-1), cancellationToken);
}

/// <summary>On the 15th: the mid-month review, month to date (月中调度督导).</summary>
[DisallowConcurrentExecution]
public sealed class MidMonthReviewJob(AssessmentStore store) : IJob
{
    public const string Name = "assessment-mid-month";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await store.SnapshotAsync(store.CurrentMonth(), AssessmentKind.MidMonth, cancellationToken);
}

/// <summary>On the last day of the month, in the evening: the summary and ranking (月末总结考评).</summary>
[DisallowConcurrentExecution]
public sealed class MonthEndSummaryJob(AssessmentStore store) : IJob
{
    public const string Name = "assessment-month-end";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await store.SnapshotAsync(store.CurrentMonth(), AssessmentKind.MonthEnd, cancellationToken);
}
