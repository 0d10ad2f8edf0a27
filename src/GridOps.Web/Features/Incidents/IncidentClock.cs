using GridOps.Web.Features.Districts;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Incidents;

/// <summary>The time now and the limits in force, from the injected <see cref="TimeProvider"/>.</summary>
public sealed class IncidentClock(TimeProvider time, DistrictZones districts, IOptions<WorkingTimeOptions> options)
{
    public DateTimeOffset Now => time.GetUtcNow().ToUniversalTime();

    /// <summary>The limits of an incident of this district: its calendar, its zone, its office hours (issue 20, part 2).</summary>
    public async Task<TimeLimitPolicy> PolicyAsync(long? districtId, CancellationToken cancellationToken) =>
        new(await districts.CalendarOfAsync(districtId, cancellationToken), options.Value);
}
