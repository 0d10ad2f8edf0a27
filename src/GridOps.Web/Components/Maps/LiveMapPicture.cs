using GridOps.Web.Realtime;

namespace GridOps.Web.Components.Maps;

/// <summary>
/// What a live map shows: the open incidents that have a place, as pins, and each area's open and overdue
/// counts. Events carry an incident as it stands, so applying one moves the picture to the present: an open
/// incident is put (or replaced), a closed or unplaced one taken away. Bounded: beyond <see cref="PinLimit"/>
/// pins new ones wait for a reload and the areas' colours carry the picture.
/// </summary>
public sealed class LiveMapPicture
{
    /// <summary>The most pins a live map holds (as the snapshot the external clients start from).</summary>
    public const int PinLimit = 20_000;

    private readonly Dictionary<long, MapPin> _pins = [];
    private readonly Dictionary<long, MapAreaState> _areas = [];

    public IReadOnlyCollection<MapPin> Pins => _pins.Values;

    public IReadOnlyCollection<MapAreaState> Areas => _areas.Values;

    /// <summary>The open incidents with a place (used by the wall's focus to find red and overdue ones).</summary>
    public IEnumerable<MapPin> Urgent => _pins.Values.Where(p => p.Tier == "red" || p.Timeliness == "overdue");

    public void Reset(IEnumerable<LiveIncident> open, IEnumerable<LiveAreaCount> counts)
    {
        _pins.Clear();
        _areas.Clear();
        foreach (var incident in open)
        {
            Put(incident);
        }

        Apply(counts);
    }

    public void Apply(IEnumerable<LiveEvent> batch)
    {
        foreach (var e in batch)
        {
            Put(e.Incident);
        }
    }

    public void Apply(IEnumerable<LiveAreaCount> counts)
    {
        foreach (var count in counts)
        {
            _areas[count.Id] = new MapAreaState(count.Id, count.Code, count.Open, count.Overdue);
        }
    }

    public static MapPin? PinOf(LiveIncident incident) =>
        incident is { Open: true, Lon: { } lon, Lat: { } lat }
            ? new MapPin(incident.Id, lon, lat, incident.Tier, incident.Timeliness, incident.Ticket)
            : null;

    private void Put(LiveIncident incident)
    {
        if (PinOf(incident) is not { } pin)
        {
            _pins.Remove(incident.Id);
        }
        else if (_pins.ContainsKey(pin.Id) || _pins.Count < PinLimit)
        {
            _pins[pin.Id] = pin;
        }
    }
}
