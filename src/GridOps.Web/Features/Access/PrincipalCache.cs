using System.Collections.Concurrent;

namespace GridOps.Web.Features.Access;

/// <summary>
/// Remembers for a short while who a key, device or session stands for, so a busy gateway does
/// not cost a database round trip per request. Any access change on this node clears it at once;
/// another node sees a revocation or a password change within <see cref="Lifetime"/>.
/// </summary>
public sealed class PrincipalCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (Viewer? Viewer, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    // Bumped by every Clear: a load that began before a revocation must not store what it read.
    private long _generation;

    public async Task<Viewer?> GetOrLoadAsync(string key, Func<Task<Viewer?>> load)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            return entry.Viewer;
        }

        var generation = Interlocked.Read(ref _generation);
        var viewer = await load();
        // Only answers worth repeating are kept: a refusal is asked again next time.
        if (viewer is not null && Interlocked.Read(ref _generation) == generation)
        {
            if (_entries.Count > 10_000)
            {
                _entries.Clear();
            }

            _entries[key] = (viewer, now + Lifetime);
        }

        return viewer;
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
