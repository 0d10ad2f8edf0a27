using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridOps.TestSupport;
using GridOps.Web.Data;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.History;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// Issue 20's history benchmark: N closed incidents of 2025 with five events each (reported, accepted, dispatched,
/// closed, evaluated) from a CSV file through <see cref="HistoryImporter"/>, against a bare COPY of the very rows it
/// stored (incidents and events, binary, into tables with the same columns and indexes) in the same run; then the
/// imported months' assessment, and its on-time rate against the one the file itself gives.
/// </summary>
internal static class HistoryImportDriver
{
    private const string Mapping = """
        { "district": "YJ", "format": "csv",
          "columns": { "ref": "id", "reportedAt": "reported", "acceptedAt": "accepted", "dispatchedAt": "dispatched", "closedAt": "closed",
                       "evaluatedAt": "evaluated", "dueAt": "due", "evaluation": "evaluation", "category": "category", "description": "text",
                       "lon": "lon", "lat": "lat" } }
        """;

    public static async Task RunAsync(int count)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_history");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        app.StartOnLoopback(); // migrates and seeds the catalogue
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var file = Path.Combine(Path.GetTempPath(), $"gridops-history-{count}.csv");
        var (late, withDue) = await WriteFileAsync(dataSource, file, count);
        Console.WriteLine($"\n## History import, {count:N0} closed incidents × 5 events ({new FileInfo(file).Length / 1e6:N0} MB of CSV)\n");

        var importer = app.Services.GetRequiredService<HistoryImporter>();
        var started = Stopwatch.GetTimestamp();
        HistorySummary summary;
        await using (var stream = File.OpenRead(file))
        {
            summary = await importer.ImportAsync(HistoryMapping.Parse(Mapping), stream, "bench", new Progress(started), null, CancellationToken.None);
        }

        var total = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var store = app.Services.GetRequiredService<AssessmentStore>();
        var scoring = Stopwatch.GetTimestamp();
        foreach (var month in summary.Months)
        {
            // The import froze them; computing them again costs what the import's scoring did.
            await store.ComputeAsync(DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), CancellationToken.None);
        }

        var scored = Stopwatch.GetElapsedTime(scoring).TotalSeconds;
        var bare = await BareCopyAsync(dataSource);
        var stored = total - scored;
        Console.WriteLine("| run | rows | s | rows/s |");
        Console.WriteLine("|---|---|---|---|");
        var rows = summary.Incidents + summary.Events;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| history import: read, check, locate, store (CSV → incidents + events) | {rows:N0} | {stored:F1} | {rows / stored:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bare binary COPY of the same rows into same-indexed tables | {rows:N0} | {bare:F1} | {rows / bare:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the {summary.Months.Count} imported months scored again (part of the import) | — | {scored:F1} | — |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nratio import / bare COPY: {stored / bare:F2} (with the months' scoring: {total / bare:F2})"));

        // The assessment's on-time rate over the imported year against the file's own: closed by the due date / closed with one.
        var closed = 0;
        var onTime = 0;
        foreach (var month in summary.Months)
        {
            var final = await store.LoadAsync(DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), AssessmentKind.Final, CancellationToken.None);
            var district = final!.Single(r => r.Counts.Level == AssessmentLevel.District).Counts;
            closed += district.Closed;
            onTime += district.OnTime;
        }

        var liveEvents = await CountAsync(dataSource, "SELECT count(*) FROM live_events");
        var alerts = await CountAsync(dataSource, "SELECT count(*) FROM alerts");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"on-time rate: file {(double)(withDue - late) / withDue:P2} ({withDue - late:N0} of {withDue:N0}), GridOps assessment {(double)onTime / closed:P2} ({onTime:N0} of {closed:N0}); live events written: {liveEvents}, alerts: {alerts}"));
    }

    /// <summary>Records spread over 2025 at points near the demo's grids; one in ten closed after its due date.</summary>
    private static async Task<(int Late, int WithDue)> WriteFileAsync(NpgsqlDataSource dataSource, string file, int count)
    {
        var points = LocateBenchmarks.RandomPointsInside(dataSource, Math.Min(count, 50_000));
        var random = new Random(2025);
        var late = 0;
        await using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("id,reported,accepted,dispatched,closed,evaluated,due,evaluation,category,text,lon,lat");
        var start = new DateTime(2025, 1, 1, 0, 0, 0);
        for (var i = 0; i < count; i++)
        {
            var reported = start.AddMinutes(random.Next(0, 364 * 24 * 60));
            var accepted = reported.AddMinutes(random.Next(5, 60));
            var dispatched = accepted.AddMinutes(random.Next(5, 120));
            var isLate = random.Next(10) == 0;
            late += isLate ? 1 : 0;
            var due = reported.AddHours(48);
            var closed = isLate ? due.AddHours(random.Next(1, 48)) : dispatched.AddMinutes(random.Next(30, 2000));
            var evaluated = closed.AddHours(random.Next(1, 24));
            var (lon, lat) = points[i % points.Length];
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"H-{i},{reported:yyyy-MM-ddTHH:mm:ss},{accepted:yyyy-MM-ddTHH:mm:ss},{dispatched:yyyy-MM-ddTHH:mm:ss},{closed:yyyy-MM-ddTHH:mm:ss},{evaluated:yyyy-MM-ddTHH:mm:ss},{due:yyyy-MM-ddTHH:mm:ss},{(random.Next(10) < 9 ? "satisfied" : "unsatisfied")},dispute.neighbour,楼上漏水 {i},{lon:F6},{lat:F6}"));
        }

        return (late, count);
    }

    /// <summary>The imported rows out to a file and back into same-shaped, same-indexed tables: only the COPY in is timed.</summary>
    private static async Task<double> BareCopyAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bare_incidents, bare_events;
            CREATE TABLE bare_incidents (LIKE incidents INCLUDING DEFAULTS INCLUDING INDEXES);
            CREATE TABLE bare_events (LIKE incident_events INCLUDING DEFAULTS INCLUDING INDEXES);
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var seconds = 0.0;
        foreach (var (table, select) in new[] { ("bare_incidents", "SELECT * FROM incidents WHERE source = 6"), ("bare_events", "SELECT e.* FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.source = 6") })
        {
            var file = Path.Combine(Path.GetTempPath(), table + ".bin");
            await using (var output = File.Create(file))
            await using (var copyOut = await connection.BeginRawBinaryCopyAsync($"COPY ({select}) TO STDOUT (FORMAT BINARY)"))
            {
                await copyOut.CopyToAsync(output);
            }

            var started = Stopwatch.GetTimestamp();
            await using (var input = File.OpenRead(file))
            await using (var copyIn = await connection.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)"))
            {
                await input.CopyToAsync(copyIn);
            }

            seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            File.Delete(file);
        }

        return seconds;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Progress(long started) : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1} s  {value}"));
    }
}
