using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Wall;

/// <summary>
/// The wall's ticker: the newest lines first, at most <see cref="Limit"/>. What arrives between two renders
/// is folded when it is more than a room can read: the last <see cref="StormLines"/> - 1 lines and one
/// "N more updates" line, instead of a thousand lines scrolling past.
/// </summary>
public sealed class WallTicker
{
    public const int Limit = 40;

    public const int StormLines = 25;

    private readonly LinkedList<WallTickerLine> _lines = new();
    private readonly List<LiveEvent> _arrived = [];
    private long _nextStormId = -1;

    public IEnumerable<WallTickerLine> Lines => _lines;

    public WallTicker(IEnumerable<LiveEvent> newestFirst)
    {
        foreach (var e in newestFirst.Take(Limit))
        {
            _lines.AddLast(new WallTickerLine(e.Seq, e, 0, Fresh: false));
        }
    }

    /// <summary>Events delivered since the last render (comments are for the console, not the room).</summary>
    public void Add(IEnumerable<LiveEvent> batch) => _arrived.AddRange(batch.Where(e => e.Type != "alert.commented"));

    /// <summary>Puts what arrived since the last render at the top, folded if it was a storm.</summary>
    public void Fold()
    {
        if (_arrived.Count == 0)
        {
            return;
        }

        foreach (var line in _lines.Where(l => l.Fresh).ToList())
        {
            _lines.Find(line)!.Value = line with { Fresh = false };
        }

        var shown = _arrived.Count > StormLines ? _arrived[^(StormLines - 1)..] : _arrived;
        if (shown.Count < _arrived.Count)
        {
            _lines.AddFirst(new WallTickerLine(_nextStormId--, null, _arrived.Count - shown.Count, Fresh: true));
        }

        foreach (var e in shown)
        {
            _lines.AddFirst(new WallTickerLine(e.Seq, e, 0, Fresh: true));
        }

        _arrived.Clear();
        while (_lines.Count > Limit)
        {
            _lines.RemoveLast();
        }
    }
}

/// <summary>One ticker line: an event, or (with no event) how many more a storm brought.</summary>
public sealed record WallTickerLine(long Key, LiveEvent? Event, int More, bool Fresh);
