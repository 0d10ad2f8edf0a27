using GridOps.Web.Features.Wall;
using GridOps.Web.Realtime;

namespace GridOps.ComponentTests.Features.Wall;

/// <summary>What the room reads on the wall's ticker when a few events arrive between two renders, and when a storm does.</summary>
public sealed class WallTickerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(8));

    private static LiveEvent Created(long seq) => new(seq, "incident.created", At,
        new LiveIncident(seq, $"20261206{seq:000000}", $"暴雨后井盖移位 {seq}", "blue", "reported", true, "onTime", "市政设施", "Municipal facilities",
            120.1, 30.2, 1, 2, 3, At, null), null);

    [Fact]
    public void AFewEventsBetweenTwoRenders_EachGetsItsLine_NewestFirst()
    {
        var ticker = new WallTicker([]);
        ticker.Add([Created(1), Created(2), Created(3)]);
        ticker.Fold();

        Assert.Equal([3L, 2L, 1L], ticker.Lines.Select(l => l.Event!.Seq));
        Assert.All(ticker.Lines, l => Assert.True(l.Fresh));
    }

    [Fact]
    public void AStormBetweenTwoRenders_ShowsTheNewestAndOneLineSayingHowManyMore()
    {
        var ticker = new WallTicker([]);
        ticker.Add(Enumerable.Range(1, 1000).Select(i => Created(i)));
        ticker.Fold();

        var lines = ticker.Lines.ToList();
        Assert.Equal(WallTicker.StormLines, lines.Count);
        Assert.Equal(1000L, lines[0].Event!.Seq);
        var storm = Assert.Single(lines, l => l.Event is null);
        Assert.Equal(1000 - (WallTicker.StormLines - 1), storm.More);
    }

    [Fact]
    public void AWallLeftRunning_NeverHoldsMoreThanItsLimit_AndMarksOnlyTheNewestAsFresh()
    {
        var ticker = new WallTicker(Enumerable.Range(1, 100).Reverse().Select(i => Created(i)));
        Assert.Equal(WallTicker.Limit, ticker.Lines.Count());

        for (var render = 0; render < 200; render++)
        {
            ticker.Add([Created(1000 + render * 2), Created(1001 + render * 2)]);
            ticker.Fold();
        }

        Assert.Equal(WallTicker.Limit, ticker.Lines.Count());
        Assert.Equal(2, ticker.Lines.Count(l => l.Fresh));
        Assert.Equal(1399L, ticker.Lines.First().Event!.Seq);
    }

    [Fact]
    public void CommentsAreForTheConsole_NotTheRoom()
    {
        var ticker = new WallTicker([]);
        ticker.Add([Created(1) with { Type = "alert.commented" }]);
        ticker.Fold();

        Assert.Empty(ticker.Lines);
    }
}
