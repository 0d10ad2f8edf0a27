using Microsoft.AspNetCore.Components;

namespace GridOps.Web.Realtime;

/// <summary>
/// A component that follows the live stream: reads its subscription's batches, applies each on the
/// renderer's thread, and renders at most every <see cref="RenderGap"/> — an alert storm of a
/// thousand events becomes a few renders, not a thousand diffs sent down the circuit.
/// </summary>
public abstract class LiveScreen : ComponentBase, IAsyncDisposable
{
    /// <summary>The shortest time between two renders caused by live events (at most four a second).</summary>
    public static readonly TimeSpan RenderGap = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private LiveSubscription? _subscription;
    private Task _reading = Task.CompletedTask;
    private Task _ticking = Task.CompletedTask;
    private long? _lastRender;
    private bool _renderPending;

    [Inject]
    private ILiveSubscriptions Stream { get; set; } = null!;

    /// <summary>Paces renders; a test's clock moves only when told, so how many renders a storm makes is the test's to decide.</summary>
    [Inject(Key = Platform.WallClock.Key)]
    private TimeProvider Clock { get; set; } = null!;

    /// <summary>How many renders live deliveries have caused (what the pacing limits; a test's measure of it).</summary>
    internal int LiveRenders { get; private set; }

    /// <summary>Raised on the renderer's thread after each delivery is applied (what a test waits on instead of polling).</summary>
    internal event Action? DeliveryApplied;

    /// <summary>Stopped when the screen goes away (the circuit ends or the operator navigates on).</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Starts following a group. Call before loading the first picture, so nothing committed in between is missed
    /// (events carry the current state, and applying one twice changes nothing).</summary>
    protected void Follow(string group, string role)
    {
        // Prerendering draws the first picture once and is thrown away: only the circuit follows the stream.
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _subscription?.Dispose();
        _subscription = Stream.Subscribe(group, role);
        _reading = ReadAsync(_subscription, _stop.Token);
        if (_ticking.IsCompleted)
        {
            _ticking = TickAsync(_stop.Token);
        }
    }

    /// <summary>How often the screen renders with nothing new, so "20 minutes ago" stays true.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private async Task TickAsync(CancellationToken stopping)
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshEvery, Clock);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The screen went away.
        }
    }

    /// <summary>Applies one batch to the screen's model (on the renderer's thread).</summary>
    protected abstract void Apply(IReadOnlyList<LiveEvent> batch);

    /// <summary>The group's new numbers (at most once a second while something in it changes).</summary>
    protected virtual void Apply(LiveKpis kpis)
    {
    }

    /// <summary>Open/overdue/closed-today of just the areas that changed.</summary>
    protected virtual void Apply(IReadOnlyList<LiveAreaCount> counts)
    {
    }

    /// <summary>Called just before a render that live deliveries caused: the place to fold what arrived since the
    /// last one (the wall's ticker turns a storm into one "N more" line here).</summary>
    protected virtual void BeforeLiveRender()
    {
    }

    /// <summary>Rebuilds the picture from the database after the screen fell too far behind to replay.</summary>
    protected abstract Task ReloadAsync();

    private async Task ReadAsync(LiveSubscription subscription, CancellationToken stopping)
    {
        try
        {
            await foreach (var batch in subscription.Batches.ReadAllAsync(stopping))
            {
                if (subscription.TakeMissed())
                {
                    await InvokeAsync(ReloadAsync);
                }

                await InvokeAsync(() =>
                {
                    if (batch.Events is { } events)
                    {
                        Apply(events);
                    }

                    if (batch.Kpis is { } kpis)
                    {
                        Apply(kpis);
                    }

                    if (batch.Counts is { } counts)
                    {
                        Apply(counts);
                    }

                    RenderSoon();
                    DeliveryApplied?.Invoke();
                });
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The screen went away.
        }
    }

    private void RenderSoon()
    {
        // The first live change renders at once; later ones wait out the gap since the last.
        var since = _lastRender is { } last ? Clock.GetElapsedTime(last) : RenderGap;
        if (since >= RenderGap)
        {
            _lastRender = Clock.GetTimestamp();
            LiveRenders++;
            BeforeLiveRender();
            StateHasChanged();
        }
        else if (!_renderPending)
        {
            _renderPending = true;
            _ = RenderLaterAsync(RenderGap - since);
        }
    }

    private async Task RenderLaterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, Clock, _stop.Token);
            await InvokeAsync(() =>
            {
                _renderPending = false;
                _lastRender = Clock.GetTimestamp();
                LiveRenders++;
                BeforeLiveRender();
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // Gone before the render was due.
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        await _reading;
        await _ticking;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
