using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Alerts.Console;

/// <summary>
/// What the alert console shows: its alerts (newest first), the selected one, and what each action
/// came to. Events carry an alert as it stands, so applying one never moves an alert back in time
/// (a live event can arrive after the newer answer to the supervisor's own action).
/// </summary>
public sealed class AlertInbox(bool showAll)
{
    private readonly List<LiveEvent> _alerts = [];

    public bool ShowAll { get; } = showAll;

    public IReadOnlyList<LiveEvent> Alerts => _alerts;

    /// <summary>The same alerts for the virtualised list (which wants a collection it can count and index).</summary>
    public ICollection<LiveEvent> View => _alerts;

    /// <summary>Where the selected alert is in the list (−1: none).</summary>
    public int SelectedIndex => _alerts.FindIndex(a => a.Alert!.Id == SelectedId);

    public int OpenCount => _alerts.Count(a => a.Alert!.State == "open");

    public long? SelectedId { get; private set; }

    public LiveEvent? Selected => _alerts.Find(a => a.Alert!.Id == SelectedId);

    /// <summary>The last outcome per alert, shown on its card until the next action.</summary>
    public Dictionary<long, AlertOutcomeText> Outcomes { get; } = [];

    public void Load(IEnumerable<LiveEvent> alerts)
    {
        _alerts.Clear();
        _alerts.AddRange(alerts.Where(a => a.Alert is not null));
        if (Selected is null)
        {
            SelectedId = _alerts.Count > 0 ? _alerts[0].Alert!.Id : null;
        }
    }

    /// <summary>Applies live events; answers the alerts that arrived new and red (for the sound and the title).</summary>
    public IReadOnlyList<LiveEvent> Apply(IEnumerable<LiveEvent> batch)
    {
        var arrived = new List<LiveEvent>();
        foreach (var e in batch)
        {
            if (e.Alert is null)
            {
                continue;
            }

            var at = _alerts.FindIndex(a => a.Alert!.Id == e.Alert.Id);
            if (at < 0)
            {
                // An alert acknowledged before this console heard of it is history: shown only when asked for.
                if (e.Alert.State != "open" && !ShowAll)
                {
                    continue;
                }

                _alerts.Insert(0, e);
                SelectedId ??= e.Alert.Id;
                if (e.Type == "alert.raised" && (e.Incident.Tier == "red" || e.Alert.Kind == "redTier"))
                {
                    arrived.Add(e);
                }
            }
            else
            {
                Replace(at, e);
            }
        }

        return arrived;
    }

    /// <summary>Puts the alert as an action's answer left it, unless a newer version is already shown.</summary>
    public void Update(LiveEvent e)
    {
        var at = _alerts.FindIndex(a => a.Alert!.Id == e.Alert?.Id);
        if (at >= 0)
        {
            Replace(at, e);
        }
    }

    public void Select(long alertId)
    {
        if (_alerts.Exists(a => a.Alert!.Id == alertId))
        {
            SelectedId = alertId;
        }
    }

    /// <summary>Moves the selection down (+1) or up (−1), stopping at either end.</summary>
    public void Move(int step)
    {
        if (_alerts.Count == 0)
        {
            return;
        }

        var at = _alerts.FindIndex(a => a.Alert!.Id == SelectedId);
        SelectedId = _alerts[Math.Clamp(at + step, 0, _alerts.Count - 1)].Alert!.Id;
    }

    private void Replace(int at, LiveEvent e)
    {
        if (e.Alert!.Version >= _alerts[at].Alert!.Version)
        {
            _alerts[at] = e;
        }
    }
}

/// <summary>What an action on an alert came to, as the card says it: done, or why not.</summary>
public sealed record AlertOutcomeText(bool Done, string Text)
{
    /// <summary>"已确认"; or, to the one who lost a race, who acted first, when and how; or why it was refused.</summary>
    public static AlertOutcomeText Of(Microsoft.Extensions.Localization.IStringLocalizer<UiText> text, AlertOutcome outcome, TimeZoneInfo? zone)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        if (outcome.Done)
        {
            return new(true, string.Format(culture, text["Alerts.Done"], text["Alerts.Action." + AlertCard.Pascal(outcome.Alert!.Alert!.LastAction)]));
        }

        if (outcome.Error == AlertActions.Conflict && outcome.Alert?.Alert is { } now)
        {
            return new(false, string.Format(culture, text["Alerts.Conflict"], now.ActedBy, Components.Shared.LocalTime.Format(now.ActedAt, zone),
                text["Alerts.Action." + AlertCard.Pascal(now.LastAction)]));
        }

        return new(false, text[outcome.Error == AlertActions.NotFound ? "Alerts.NotFound" : "Alerts.Invalid"]);
    }
}
