using System.Diagnostics;
using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.Locate;

namespace GridOps.Bench;

/// <summary>
/// The single-point locate, hand-written SQL (what the app runs) against the same question as one EF
/// Core query with the NetTopologySuite translation, call by call over loopback in the same run, the
/// two interleaved so both see the same machine: p50 and p99 per call, and that they agree.
/// </summary>
internal static class EfLocateDriver
{
    public static async Task RunAsync(int calls)
    {
        var connectionString = await BenchDatabase.EnsureAsync("demo");
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var sql = new LocateQueries(dataSource);
        var ef = EfLocate.Over(dataSource);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, calls);
        var (sqlTimes, efTimes) = (new List<double>(calls), new List<double>(calls));
        var disagree = 0;
        for (var i = 0; i < calls + 200; i++)
        {
            var (lon, lat) = points[i % calls];
            var clock = Stopwatch.StartNew();
            var bySql = await sql.LocateAsync(lon, lat, CancellationToken.None);
            var sqlMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var byEf = await ef.LocateAsync(lon, lat);
            var efMs = clock.Elapsed.TotalMilliseconds;
            if (i < 200)
            {
                continue; // warm-up: JIT, prepared statements, EF's query cache
            }

            sqlTimes.Add(sqlMs);
            efTimes.Add(efMs);
            disagree += bySql?.Grid.Code == byEf?.Grid && bySql?.MicroGrid?.Code == byEf?.Micro ? 0 : 1;
        }

        static double P(List<double> times, double q) => times.Order().ElementAt((int)Math.Min(times.Count - 1, Math.Ceiling(q * times.Count) - 1));
        Console.WriteLine($"\n## Single-point locate, {calls:N0} calls each, demo district, in process over loopback\n");
        Console.WriteLine("| path | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hand-written SQL (LocateQueries) | {P(sqlTimes, 0.5):F3} | {P(sqlTimes, 0.99):F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| EF Core + NTS translation (one query) | {P(efTimes, 0.5):F3} | {P(efTimes, 0.99):F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nratio EF / SQL: p50 {P(efTimes, 0.5) / P(sqlTimes, 0.5):F2}, p99 {P(efTimes, 0.99) / P(sqlTimes, 0.99):F2}; answers that differ: {disagree}"));
    }
}
