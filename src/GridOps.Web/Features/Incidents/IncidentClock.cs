using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Incidents;

/// <summary>The time now and the limits in force, from the injected <see cref="TimeProvider"/>.</summary>
public sealed class IncidentClock(TimeProvider time, WorkingCalendarProvider calendars, IOptions<WorkingTimeOptions> options)
{
    public DateTimeOffset Now => time.GetUtcNow().ToUniversalTime();

    public TimeLimitPolicy Policy() => new(calendars.Current, options.Value);
}
