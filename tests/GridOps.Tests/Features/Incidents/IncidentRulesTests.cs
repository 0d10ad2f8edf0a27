using GridOps.Tests.Features.WorkingTime;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.WorkingTime;
using static GridOps.Web.Features.Incidents.IncidentAction;
using static GridOps.Web.Features.Incidents.IncidentState;

namespace GridOps.Tests.Features.Incidents;

public sealed class IncidentRulesTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly TimeLimitPolicy Policy = new(WorkingCalendarTests.China(), new WorkingTimeOptions());

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, Beijing);

    /// <summary>The state each legal action leads to (from any state it is legal in, unless noted).</summary>
    private static readonly Dictionary<IncidentAction, IncidentState?> Leads = new()
    {
        [Accept] = Accepted, [Dispatch] = Dispatched, [Whistle] = null, [ReportIn] = null, [StartHandling] = Handling,
        [ReportBack] = IncidentState.ReportedBack, [Close] = Closed, [Evaluate] = Evaluated, [Return] = Returned, [Rework] = Handling,
        [RequestExtension] = null, [ApproveExtension] = null, [RejectExtension] = null, [Suspend] = Suspended, [Resume] = null,
        [IncidentAction.Void] = Voided, [Merge] = Merged, [Retier] = null,
    };

    public static TheoryData<IncidentAction, IncidentState> EveryActionInEveryState()
    {
        var data = new TheoryData<IncidentAction, IncidentState>();
        foreach (var action in Enum.GetValues<IncidentAction>().Where(a => a is not (Report or Escalate)))
        {
            foreach (var state in Enum.GetValues<IncidentState>())
            {
                data.Add(action, state);
            }
        }

        return data;
    }

    [Fact]
    public void Escalate_IsTheOverdueEnginesAlone_NoPersonMayCommandIt()
    {
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            var decision = IncidentRules.Decide(IncidentIn(state, pendingExtension: false, whistled: false), FullCommand(Escalate), At(11, 23, 10), Policy, null);
            Assert.Equal("IllegalTransition", decision.Refusal?.Code);
        }
    }

    [Theory]
    [MemberData(nameof(EveryActionInEveryState))]
    public void Decide_EveryActionInEveryState_IsLegalExactlyWhereTheLoopAllowsIt(IncidentAction action, IncidentState state)
    {
        var incident = IncidentIn(state, pendingExtension: action is ApproveExtension or RejectExtension, whistled: action == ReportIn);
        var decision = IncidentRules.Decide(incident, FullCommand(action), At(11, 23, 10), Policy, null);

        var legal = IncidentRules.From[action].Contains(state);
        if (!legal)
        {
            Assert.NotNull(decision.Refusal);
            Assert.Equal("IllegalTransition", decision.Refusal.Code);
            Assert.Contains(state.ToString(), decision.Refusal.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Null(decision.Refusal);
        IncidentLifecycle.Apply(incident, decision.Event!);
        var expected = Leads[action] ?? (action == Resume ? Handling : state);
        Assert.Equal(expected, incident.State);
        Assert.Equal(2, incident.Version);
    }

    [Theory]
    [InlineData(IncidentAction.Void)]
    [InlineData(Return)]
    [InlineData(Suspend)]
    [InlineData(Retier)]
    [InlineData(Merge)]
    public void Decide_ActionThatNeedsAReason_WithoutOne_IsRefused(IncidentAction action)
    {
        var incident = IncidentIn(Handling);
        var decision = IncidentRules.Decide(incident, FullCommand(action) with { Reason = "  " }, At(11, 23, 10), Policy, null);
        Assert.Equal("ReasonRequired", decision.Refusal?.Code);
    }

    [Fact]
    public void Dispatch_BlueOnFriday_IsDueTuesdayAndWarnsAtEightyPercent()
    {
        var incident = IncidentIn(Accepted, tier: Tier.Blue);
        var e = IncidentRules.Decide(incident, FullCommand(Dispatch), At(11, 20, 10), Policy, null).Event!;
        IncidentLifecycle.Apply(incident, e);

        Assert.Equal(At(11, 24, 10), incident.DueAt);
        // 80 % of 48 working hours is 38.4 h: Friday 10:00 + 14 h, then Monday 00:00 + 24.4 h.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 24, 0, Beijing), incident.WarnAt);
        Assert.Equal(Timeliness.OnTime, incident.TimelinessAt(At(11, 23, 23)));
        Assert.Equal(Timeliness.Warning, incident.TimelinessAt(At(11, 24, 1)));
        Assert.Equal(Timeliness.Overdue, incident.TimelinessAt(At(11, 24, 10)));
    }

    [Fact]
    public void SuspendAndResume_SuspendedTimeDoesNotCount()
    {
        var incident = IncidentIn(Accepted, tier: Tier.Blue);
        Act(incident, FullCommand(Dispatch), At(11, 23, 9));         // Monday 09:00, 48 h limit
        Act(incident, FullCommand(Suspend), At(11, 23, 21));         // 12 h used
        Assert.Null(incident.DueAt);
        Assert.Equal(Timeliness.None, incident.TimelinessAt(At(12, 31, 0)));
        Act(incident, FullCommand(Resume), At(11, 25, 9));           // Wednesday 09:00, 36 h left
        Assert.Equal(Dispatched, incident.State);
        Assert.Equal(At(11, 26, 21), incident.DueAt);
    }

    [Fact]
    public void ApprovedExtension_MovesTheDeadline_RejectedDoesNot()
    {
        var incident = IncidentIn(Accepted, tier: Tier.Yellow);
        Act(incident, FullCommand(Dispatch), At(11, 23, 9));  // due Thursday 09:00
        Assert.Equal(At(11, 26, 9), incident.DueAt);
        Act(incident, FullCommand(RequestExtension) with { Minutes = 24 * 60 }, At(11, 24, 9));
        Act(incident, FullCommand(RejectExtension), At(11, 24, 10));
        Assert.Equal(At(11, 26, 9), incident.DueAt);
        Act(incident, FullCommand(RequestExtension) with { Minutes = 24 * 60 }, At(11, 24, 11));
        Act(incident, FullCommand(ApproveExtension), At(11, 24, 12));
        Assert.Equal(At(11, 27, 9), incident.DueAt);
        Assert.Null(incident.ExtensionPendingMinutes);
    }

    [Fact]
    public void Whistle_ThenReportIn_RecordsEachDepartmentOnce()
    {
        var incident = IncidentIn(Dispatched);
        Act(incident, FullCommand(Whistle) with { DepartmentCodes = ["CG", "SJ"], ReportInMinutes = 30 }, At(11, 23, 9));
        Assert.Equal(At(11, 23, 9).AddMinutes(30), incident.WhistleCalls[0].ReportInDueAt);
        Act(incident, FullCommand(ReportIn) with { DepartmentCode = "SJ" }, At(11, 23, 10));
        Assert.NotNull(incident.WhistleCalls.Single(c => c.DepartmentCode == "SJ").ReportedInAt);
        Assert.Null(incident.WhistleCalls.Single(c => c.DepartmentCode == "CG").ReportedInAt);
        var again = IncidentRules.Decide(incident, FullCommand(ReportIn) with { DepartmentCode = "SJ" }, At(11, 23, 11), Policy, null);
        Assert.Equal("NotWhistled", again.Refusal?.Code);
    }

    [Fact]
    public void Retier_Raising_ShortensTheLimitAndKeepsTheTimeUsed()
    {
        var incident = IncidentIn(Accepted, tier: Tier.Blue);
        Act(incident, FullCommand(Dispatch), At(11, 23, 9));
        Act(incident, FullCommand(Retier) with { Tier = Tier.Green }, At(11, 23, 15));
        Assert.Equal(Tier.Green, incident.Tier);
        Assert.Equal(At(11, 24, 9), incident.DueAt); // green: one working day from dispatch
    }

    [Fact]
    public void Replay_OfTheLog_GivesTheSameState()
    {
        var incident = IncidentIn(Accepted, tier: Tier.Blue);
        var log = new List<IncidentEvent>(incident.Events);
        foreach (var (command, at) in new[]
        {
            (FullCommand(Dispatch), At(11, 23, 9)), (FullCommand(StartHandling), At(11, 23, 10)),
            (FullCommand(ReportBack), At(11, 23, 12)), (FullCommand(Rework), At(11, 23, 13)),
            (FullCommand(ReportBack), At(11, 23, 15)), (FullCommand(Close), At(11, 23, 16)),
        })
        {
            log.Add(Act(incident, command, at));
        }

        var replayed = IncidentLifecycle.Replay(log);
        Assert.Equal(incident.State, replayed.State);
        Assert.Equal(incident.Version, replayed.Version);
        Assert.Equal(1, replayed.ReworkCount);
        Assert.Equal(incident.ClosedAt, replayed.ClosedAt);
    }

    private static IncidentEvent Act(Incident incident, IncidentCommand command, DateTimeOffset at)
    {
        var decision = IncidentRules.Decide(incident, command, at, Policy, null);
        Assert.Null(decision.Refusal);
        IncidentLifecycle.Apply(incident, decision.Event!);
        incident.Events.Add(decision.Event!);
        return decision.Event!;
    }

    private static IncidentCommand FullCommand(IncidentAction action) => new(action, "值班长", "测试原因")
    {
        AreaId = 7, DepartmentCodes = ["CG"], DepartmentCode = "CG", ReportInMinutes = 30, Text = "已处置", Minutes = 60,
        Evaluation = Evaluation.Satisfied, Tier = Tier.Red,
        MergeTarget = new Incident { Id = 99, TicketNo = "20261123000099", State = Accepted },
    };

    // An incident brought to a state the way the log would: reported, then folded to the state asked.
    private static Incident IncidentIn(IncidentState state, Tier tier = Tier.Blue, bool pendingExtension = false, bool whistled = false)
    {
        var report = new IncidentEvent
        {
            IncidentId = 1, Seq = 1, OccurredAt = At(11, 20, 8), RecordedAt = At(11, 20, 8), Actor = "网格员", Action = Report,
            Payload = new EventPayload { Title = "t", Description = "d", CategoryId = 1, Tier = tier, TierReason = "category:blue", GridId = 5,
                Clock = Policy.Start(IncidentStep.Accept, 60, At(11, 20, 8)) },
        };
        var incident = new Incident { Id = 1, TicketNo = "20261120000001" };
        IncidentLifecycle.Apply(incident, report);
        incident.Events.Add(report);
        incident.State = state;
        incident.StateBeforeSuspend = state == Suspended ? Handling : null;
        incident.ExtensionPendingMinutes = pendingExtension ? 60 : null;
        incident.WhistleCalls = whistled ? [new WhistleCall("CG", At(11, 20, 9), At(11, 20, 10), null)] : [];
        return incident;
    }
}
