using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace GridOps.Web.Features.Districts;

/// <summary>
/// The zone the person at this screen reads times in (issue 20): their own district's, or GridOps' when they see the
/// whole database or a department. Screens that show times not tied to one incident (the wall's clock and hours,
/// the alert console, the audit and its date filter, keys, the incident list's "may belong" count) use it; the map's
/// card and the township view use the shown area's district instead, the jobs GridOps' own clock.
/// One per circuit or request; the answer is kept for the screen's life, since a person's scope does not change under it.
/// </summary>
public sealed class ReaderZone(AuthenticationStateProvider authentication, DistrictZones zones)
{
    private TimeZoneInfo? _zone;

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default)
    {
        if (_zone is null)
        {
            var viewer = Viewer.From((await authentication.GetAuthenticationStateAsync()).User);
            _zone = await zones.OfScopeAsync(viewer.Scope, cancellationToken);
        }

        return _zone;
    }
}
