using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace GridOps.Web.Features.Districts;

/// <summary>
/// The zone the person at this screen reads times in, and their district's words for its levels (issue 20): their own district's, or GridOps' when they see the
/// whole database or a department. Screens that show times not tied to one incident (the wall's clock and hours,
/// the alert console, the audit and its date filter, keys, the incident list's "may belong" count) use it; the map's
/// card and the township view use the shown area's district instead, the jobs GridOps' own clock.
/// One per circuit or request; the answer is kept for the screen's life, since a person's scope does not change under it.
/// </summary>
public sealed class ReaderZone(AuthenticationStateProvider authentication, DistrictZones zones)
{
    private DistrictZones.DistrictLocale? _locale;

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default) => (await LocaleAsync(cancellationToken)).Zone;

    /// <summary>The reader's district's clock and its words for the levels (null: GridOps' 街道/社区/网格).</summary>
    public async Task<DistrictZones.DistrictLocale> LocaleAsync(CancellationToken cancellationToken = default)
    {
        if (_locale is null)
        {
            var viewer = Viewer.From((await authentication.GetAuthenticationStateAsync()).User);
            _locale = await zones.LocaleOfAreaAsync(viewer.Scope.AreaId, cancellationToken);
        }

        return _locale;
    }
}
