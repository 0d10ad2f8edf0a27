using System.Text.Json.Serialization;

namespace GridOps.Web.Components.Maps;

/// <summary>How grids are filled: by street colour (the grid map), by live open/overdue counts, or plain.</summary>
public enum MapFill
{
    Plain,
    Palette,
    Live,
}

/// <summary>
/// What a <see cref="GridMap"/> is made with, read once when it is drawn (a different setup is a different map:
/// give the component a new <c>@key</c>). Sent to the browser as JSON, so names are what the script reads.
/// </summary>
public sealed record MapSetup
{
    /// <summary>The grid hierarchy's vector tiles (MapTileQueries).</summary>
    public string Tiles { get; init; } = "/tiles/areas/{z}/{x}/{y}.mvt";

    public string Theme { get; init; } = "light";

    [JsonIgnore]
    public MapFill Fill { get; init; } = MapFill.Plain;

    /// <summary>The fill as the script reads it (interop writes enums as numbers).</summary>
    [JsonPropertyName("fill")]
    public string FillName => Fill.ToString().ToLowerInvariant();

    /// <summary>West, south, east, north; the map starts fitted to it.</summary>
    public IReadOnlyList<double>? Bounds { get; init; }

    /// <summary>Where the map starts when it has no bounds (longitude, latitude).</summary>
    public IReadOnlyList<double>? Center { get; init; }

    public double? Zoom { get; init; }

    public int Padding { get; init; } = 24;

    public string? Basemap { get; init; }

    public string? BasemapAttribution { get; init; }

    public int MicroGridMinZoom { get; init; } = 14;

    /// <summary>Typical widths (degrees) per level as "level:width,…" (MapTileQueries), for the area labels; none draws none.</summary>
    public string? LevelWidths { get; init; }

    public bool Cluster { get; init; }

    /// <summary>Changes of pins reach the map at most once per this many ms on average (the wall in a storm); 0 at once.</summary>
    public int UpdateGapMs { get; init; }

    public int PinSize { get; init; } = 24;

    public bool Navigation { get; init; } = true;

    public IReadOnlyList<MapOverlay> Overlays { get; init; } = [];

    /// <summary>The selected area's id, outlined when the map is drawn (by id: two districts may share a code).</summary>
    public long? Selected { get; init; }

    /// <summary>The id of an area outlined boldly for good (the township's street), unlike the selection, which moves.</summary>
    public long? Outline { get; init; }

    public string? LegendLabel { get; init; }

    /// <summary>Set by the component: whether a click on a grid or a pin is told to .NET.</summary>
    public bool ClickAreas { get; init; }

    public bool ClickPins { get; init; }
}

/// <summary>A GeoJSON layer over the grids, with a checkbox of its own: its name beside its colour.</summary>
public sealed record MapOverlay(string Id, string Label, string Url, string Type, string Color, string? Layer = null, bool On = true);

/// <summary>An incident on the map: its tier is its shape and colour, an overdue one wears a red ring.</summary>
public sealed record MapPin(long Id, double Lon, double Lat, string Tier, string Timeliness = "", string Ticket = "");

/// <summary>An area's live counts, which colour it on a <see cref="MapFill.Live"/> map.</summary>
/// <remarks>Addressed by id on the map: two districts' grid "1" are two areas (codes are unique per district).</remarks>
public sealed record MapAreaState(long Id, string Code, int Open, int Overdue);
