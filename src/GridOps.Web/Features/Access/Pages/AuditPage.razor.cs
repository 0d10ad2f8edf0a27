using System.Globalization;
using GridOps.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace GridOps.Web.Features.Access.Pages;

/// <summary>The audit log for administrators: filters by actor, action and local days, all in the address (a view can be sent to a colleague).</summary>
public sealed partial class AuditPage
{
    private static readonly string[] KnownActions =
    [
        "sign-in", "sign-in-failed", "sign-in-refused", "locked-out", "password-changed", "device-sign-in", "device-sign-in-failed",
        "user-created", "user-disabled", "user-enabled", "user-unlocked", "key-created", "key-revoked", "category-changed", "hierarchy-imported",
        .. Enum.GetValues<Incidents.IncidentAction>().Select(a => "incident." + a.ToString().ToLowerInvariant()),
    ];

    [SupplyParameterFromQuery]
    public string? Actor { get; set; }

    [SupplyParameterFromQuery]
    public string? Action { get; set; }

    [SupplyParameterFromQuery]
    public string? From { get; set; }

    [SupplyParameterFromQuery]
    public string? To { get; set; }

    [Inject]
    private AuditQueries Queries { get; set; } = null!;

    [CascadingParameter]
    private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    internal IReadOnlyList<AuditLine> Lines { get; private set; } = [];

    [Inject]
    private Districts.ReaderZone Reader { get; set; } = null!;

    /// <summary>The administrator's district's clock: the lines' times and the days the filter means.</summary>
    private TimeZoneInfo? _zone;

    protected override async Task OnParametersSetAsync()
    {
        _zone = await Reader.ZoneAsync();
        var from = Parse(From) is { } f ? LocalTime.StartOfDay(f, _zone) : (DateTimeOffset?)null;
        var to = Parse(To) is { } t ? LocalTime.StartOfDay(t.AddDays(1), _zone) : (DateTimeOffset?)null;
        Lines = await Queries.ReadAsync(new AuditFilter(Actor, Action, from, to), Viewer.From((await Authentication).User), CancellationToken.None);
        Loaded = true;
    }

    private static Task<IEnumerable<string>> SearchActions(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(KnownActions.Where(a => string.IsNullOrWhiteSpace(text) || a.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Moves the address to the filter with one field changed ("" clears a field; null keeps it).</summary>
    private void Go(string? actor = null, string? action = null, string? from = null, string? to = null)
    {
        static string? Pick(string? changed, string? current) => changed is null ? current : changed.Trim() is { Length: > 0 } v ? v : null;
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in new[] { ("actor", Pick(actor, Actor)), ("action", Pick(action, Action)), ("from", Pick(from, From)), ("to", Pick(to, To)) })
        {
            if (value is not null)
            {
                pairs.Add(new(key, value));
            }
        }

        Navigation.NavigateTo("/admin/audit" + QueryString.Create(pairs));
    }

    private static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static DateTime? Day(string? text) => Parse(text)?.ToDateTime(TimeOnly.MinValue);

    private static string Text(DateTime? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
}
