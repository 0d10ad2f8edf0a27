using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Incidents.List;

/// <summary>
/// The page of incidents on screen as the live stream moves it: a row already shown takes its
/// incident's new tier, state and deadline in place; a new incident that fits the filter is only
/// counted — rows never jump under the operator's cursor, a "n new" button brings them in.
/// </summary>
public sealed class IncidentListRows
{
    private readonly List<IncidentRow> _rows = [];
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _arrived = new(StringComparer.Ordinal);

    public IncidentListRows(IncidentFilter filter) => Filter = filter;

    /// <summary>The reader's zone: a new arrival "may belong" when it is inside the filter's days there (the list itself
    /// counts each incident's own district's days; a maybe is settled when the rows are read again). Null: GridOps' own.</summary>
    public TimeZoneInfo? Zone { get; set; }

    public IncidentFilter Filter { get; private set; }

    public IReadOnlyList<IncidentRow> Rows => _rows;

    /// <summary>Incidents reported since the page was read that may belong in it.</summary>
    public int Arrived => _arrived.Count;

    /// <summary>Whether a row changed since it was read (the screen marks it).</summary>
    public bool Changed(string ticket) => _changed.Contains(ticket);

    /// <summary>A fresh page from the database: marks and counts start again.</summary>
    public void Load(IncidentFilter filter, IEnumerable<IncidentRow> rows)
    {
        Filter = filter;
        _rows.Clear();
        _rows.AddRange(rows);
        _changed.Clear();
        _arrived.Clear();
    }

    /// <summary>Applies a batch; true when anything on screen changed.</summary>
    public bool Apply(IReadOnlyList<LiveEvent> batch)
    {
        var any = false;
        foreach (var live in batch.Select(e => e.Incident))
        {
            var index = _rows.FindIndex(r => r.TicketNo == live.Ticket);
            if (index >= 0)
            {
                var moved = Moved(_rows[index], live);
                if (moved != _rows[index])
                {
                    _rows[index] = moved;
                    _changed.Add(live.Ticket);
                    any = true;
                }
            }
            else if (live.Open && Fits(live) && _arrived.Add(live.Ticket))
            {
                any = true;
            }
        }

        return any;
    }

    private static IncidentRow Moved(IncidentRow row, LiveIncident live) => row with
    {
        Title = live.Title,
        Tier = Enum.TryParse<Tier>(live.Tier, ignoreCase: true, out var tier) ? tier : row.Tier,
        State = Enum.TryParse<IncidentState>(live.State, ignoreCase: true, out var state) ? state : row.State,
        Timeliness = Enum.TryParse<Timeliness>(live.Timeliness, ignoreCase: true, out var timeliness) ? timeliness : row.Timeliness,
        DueAt = live.DueAt,
    };

    /// <summary>What the event tells about the filter; what it cannot tell (area, source, category code) counts as a maybe.</summary>
    private bool Fits(LiveIncident live) =>
        (Filter.Tier is not { } tier || string.Equals(live.Tier, tier.ToString(), StringComparison.OrdinalIgnoreCase))
        && (Filter.State is not { } state || string.Equals(live.State, state.ToString(), StringComparison.OrdinalIgnoreCase))
        && (Filter.Timeliness is not { } timeliness || string.Equals(live.Timeliness, timeliness.ToString(), StringComparison.OrdinalIgnoreCase))
        && (!Filter.Unlocated || live.Lon is null)
        && (Filter.From is not { } from || live.ReportedAt >= Components.Shared.LocalTime.StartOfDay(from, Zone))
        && (Filter.To is not { } to || live.ReportedAt < Components.Shared.LocalTime.StartOfDay(to.AddDays(1), Zone));
}
