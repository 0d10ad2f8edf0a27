namespace GridOps.TestSupport;

/// <summary>
/// Row counts and a checksum of every table a request could write, to show that a refused request left
/// the database exactly as it was. Tables only the background machinery writes (the live stream, the
/// sweep's bookkeeping, the scheduler's own, the key ring) are left out: they move on their own.
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Moving = ["live_events", "deadline_sweeps", "data_protection_keys", "spatial_ref_sys"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(TestDatabase database)
    {
        var tables = await database.StringsAsync(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !Moving.Contains(t)))
        {
            var sum = await database.StringsAsync(
                $"SELECT count(*) || ' rows, ' || md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM \"{table}\" t");
            sums[table] = sum[0];
        }

        return sums;
    }

    /// <summary>The tables whose contents differ between two fingerprints, with both sums.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t) ?? "(none)"} → {after.GetValueOrDefault(t) ?? "(none)"}")];
}
