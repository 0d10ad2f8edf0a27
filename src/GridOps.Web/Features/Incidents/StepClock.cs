namespace GridOps.Web.Features.Incidents;

/// <summary>
/// The running limit of the current step, as decided when an event happened. Elapsed working
/// time before the running segment is kept so that suspension and extension only shift the
/// deadline; <see cref="DueAt"/> is null while the clock is stopped.
/// </summary>
public sealed record StepClock(IncidentStep Step, int LimitMinutes, int ElapsedMinutes, DateTimeOffset? SegmentStartedAt, DateTimeOffset? WarnAt, DateTimeOffset? DueAt);
