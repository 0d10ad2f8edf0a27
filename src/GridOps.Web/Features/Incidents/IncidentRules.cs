using GridOps.Web.Features.Catalogue;
using static GridOps.Web.Features.Incidents.IncidentAction;
using static GridOps.Web.Features.Incidents.IncidentState;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// The closed loop's rules: which action is legal in which state, what it needs, and the event
/// (with its clock decided now) that records it. An illegal command is refused with the reason.
/// </summary>
public static class IncidentRules
{
    private static readonly IncidentState[] Working = [Accepted, Dispatched, Handling, Returned];
    private static readonly IncidentState[] NotFinished = [Reported, Accepted, Dispatched, Handling, ReportedBack, Returned, Suspended];

    /// <summary>The states each action may start from.</summary>
    public static readonly IReadOnlyDictionary<IncidentAction, IncidentState[]> From = new Dictionary<IncidentAction, IncidentState[]>
    {
        [Accept] = [Reported],
        [Dispatch] = [Accepted, Returned],
        [IncidentAction.Whistle] = Working,
        [ReportIn] = NotFinished,
        [StartHandling] = [Dispatched],
        [IncidentAction.ReportBack] = [Handling],
        [Close] = [ReportedBack],
        [Evaluate] = [Closed],
        [Return] = [Dispatched, Handling],
        [Rework] = [ReportedBack],
        [RequestExtension] = [Dispatched, Handling],
        [ApproveExtension] = [Dispatched, Handling],
        [RejectExtension] = [Dispatched, Handling],
        [Suspend] = Working,
        [Resume] = [Suspended],
        [IncidentAction.Void] = NotFinished,
        [Merge] = NotFinished,
        [Retier] = NotFinished,
    };

    /// <summary>Actions whose reason is part of the record and may not be left out.</summary>
    public static readonly IReadOnlySet<IncidentAction> NeedReason = new HashSet<IncidentAction>
    {
        Return, Rework, RequestExtension, RejectExtension, Suspend, IncidentAction.Void, Merge, Retier,
    };

    /// <summary>The actions legal for this incident now (what a page offers).</summary>
    public static IEnumerable<IncidentAction> Available(Incident incident) =>
        From.Where(kv => kv.Value.Contains(incident.State)).Select(kv => kv.Key)
            .Where(a => a switch
            {
                ReportIn => incident.WhistleCalls.Any(c => c.ReportedInAt is null),
                RequestExtension => incident.ExtensionPendingMinutes is null,
                ApproveExtension or RejectExtension => incident.ExtensionPendingMinutes is not null,
                _ => true,
            });

    public static Decision Decide(Incident incident, IncidentCommand command, DateTimeOffset now, TimeLimitPolicy policy, Category? category)
    {
        if (command.Action == Escalate)
        {
            return Refuse("IllegalTransition", "Escalation is the overdue engine's: it happens when a deadline passes.");
        }

        if (command.Action == Report)
        {
            return Refuse("IllegalTransition", "An incident is reported once; use intake to report a new one.");
        }

        if (!From.TryGetValue(command.Action, out var from) || !from.Contains(incident.State))
        {
            return Refuse("IllegalTransition", $"'{command.Action}' is not possible while the incident is {incident.State}.");
        }

        if (NeedReason.Contains(command.Action) && string.IsNullOrWhiteSpace(command.Reason))
        {
            return Refuse("ReasonRequired", $"'{command.Action}' needs a reason.");
        }

        var clock = incident.Clock;
        var payload = new EventPayload();
        switch (command.Action)
        {
            case Accept:
                payload = payload with { Clock = policy.Start(IncidentStep.Dispatch, policy.LimitMinutes(IncidentStep.Dispatch, incident.Tier, category), now) };
                break;
            case Dispatch:
                if (command.AreaId is null && (command.DepartmentCodes is null || command.DepartmentCodes.Length == 0))
                {
                    return Refuse("AssigneeRequired", "Dispatch needs a grid, community or street, or at least one department.");
                }

                payload = payload with
                {
                    AreaId = command.AreaId,
                    DepartmentCodes = command.DepartmentCodes ?? [],
                    Clock = StartHandle(incident, policy, category, now),
                };
                break;
            case IncidentAction.Whistle:
                if (command.DepartmentCodes is null || command.DepartmentCodes.Length == 0)
                {
                    return Refuse("DepartmentRequired", "A whistle names at least one department.");
                }

                var minutes = command.ReportInMinutes ?? policy.ReportInMinutes;
                if (minutes is < 1 or > 7 * 24 * 60)
                {
                    return Refuse("ReportInMinutesOutOfRange", "The report-in deadline is 1 minute to 7 days.");
                }

                var calls = command.DepartmentCodes.Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(d => !incident.WhistleCalls.Any(c => c.ReportedInAt is null && string.Equals(c.DepartmentCode, d, StringComparison.OrdinalIgnoreCase)))
                    .Select(d => new WhistleCall(d, now, now.AddMinutes(minutes), null)).ToList();
                if (calls.Count == 0)
                {
                    return Refuse("AlreadyWhistled", "Every department named is already waiting to report in.");
                }

                payload = payload with { Calls = calls };
                break;
            case ReportIn:
                var call = incident.WhistleCalls.FirstOrDefault(c => c.ReportedInAt is null && string.Equals(c.DepartmentCode, command.DepartmentCode, StringComparison.OrdinalIgnoreCase));
                if (call is null)
                {
                    return Refuse("NotWhistled", $"Department '{command.DepartmentCode}' has no whistle waiting for its report-in.");
                }

                payload = payload with { DepartmentCode = call.DepartmentCode };
                break;
            case IncidentAction.ReportBack:
                if (string.IsNullOrWhiteSpace(command.Text))
                {
                    return Refuse("TextRequired", "A report back says what was done.");
                }

                payload = payload with
                {
                    Text = command.Text, PhotoIds = command.PhotoIds,
                    Clock = policy.Start(IncidentStep.Verify, policy.LimitMinutes(IncidentStep.Verify, incident.Tier, category), now),
                };
                break;
            case Close or IncidentAction.Void:
                payload = payload with { ClockStopped = true };
                break;
            case Evaluate:
                if (command.Evaluation is null)
                {
                    return Refuse("EvaluationRequired", "Choose satisfied, basically satisfied or unsatisfied.");
                }

                payload = payload with { Evaluation = command.Evaluation, Text = command.Text };
                break;
            case Return:
                payload = payload with { Clock = policy.Start(IncidentStep.Dispatch, policy.LimitMinutes(IncidentStep.Dispatch, incident.Tier, category), now) };
                break;
            case Rework:
                payload = payload with { Clock = StartHandle(incident, policy, category, now) };
                break;
            case RequestExtension:
                if (incident.ExtensionPendingMinutes is not null)
                {
                    return Refuse("ExtensionPending", "An extension request is already waiting for approval.");
                }

                if (command.Minutes is not (>= 1 and <= 30 * 24 * 60))
                {
                    return Refuse("MinutesOutOfRange", "An extension is 1 minute to 30 working days.");
                }

                payload = payload with { Minutes = command.Minutes };
                break;
            case ApproveExtension or RejectExtension:
                if (incident.ExtensionPendingMinutes is not { } pending)
                {
                    return Refuse("NoExtensionPending", "No extension request is waiting.");
                }

                payload = command.Action == RejectExtension || clock is null
                    ? payload with { Minutes = pending }
                    : payload with { Minutes = pending, Clock = policy.WithLimit(clock, clock.LimitMinutes + pending) };
                break;
            case Suspend:
                payload = clock is null ? payload : payload with { Clock = policy.Freeze(clock, now) };
                break;
            case Resume:
                payload = clock is null ? payload : payload with { Clock = policy.Resume(clock, now) };
                break;
            case Merge:
                if (command.MergeTarget is not { } target || target.Id == incident.Id || !target.IsOpen)
                {
                    return Refuse("MergeTargetInvalid", "Merge into another open incident.");
                }

                payload = payload with { MergedIntoId = target.Id, MergedIntoTicket = target.TicketNo, ClockStopped = true };
                break;
            case Retier:
                if (command.Tier is not { } tier || tier == incident.Tier)
                {
                    return Refuse("TierUnchanged", "Choose a tier different from the current one.");
                }

                payload = payload with
                {
                    Tier = tier,
                    TierReason = command.Reason,
                    Clock = clock is null ? null : policy.WithLimit(clock, policy.LimitMinutes(clock.Step, tier, category) + ExtensionsOf(incident, clock)),
                };
                break;
        }

        return new Decision(new IncidentEvent
        {
            IncidentId = incident.Id,
            Seq = incident.Version + 1,
            OccurredAt = now,
            RecordedAt = now,
            Actor = command.Actor,
            Action = command.Action,
            Reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(),
            Payload = payload,
        }, null);
    }

    // Approved extensions belong to the handling step; a new tier keeps them.
    private static int ExtensionsOf(Incident incident, StepClock clock) => clock.Step == IncidentStep.Handle ? incident.ExtensionMinutes : 0;

    private static StepClock StartHandle(Incident incident, TimeLimitPolicy policy, Category? category, DateTimeOffset now) =>
        policy.Start(IncidentStep.Handle, policy.LimitMinutes(IncidentStep.Handle, incident.Tier, category) + incident.ExtensionMinutes, now);

    private static Decision Refuse(string code, string message) => new(null, new Refusal(code, message));
}

/// <summary>Either the event to append or the reason it may not be.</summary>
public sealed record Decision(IncidentEvent? Event, Refusal? Refusal);
