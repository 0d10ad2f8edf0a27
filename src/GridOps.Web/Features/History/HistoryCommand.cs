using GridOps.Web.Platform;

namespace GridOps.Web.Features.History;

/// <summary><c>./gridops import-history --mapping MAPPING.json --file EXPORT.csv [--preview]</c>: a district's past, all or nothing.</summary>
internal static class HistoryCommand
{
    private const string Usage = """
        usage: ./gridops import-history --mapping MAPPING.json --file EXPORT.csv|EXPORT.ndjson [--preview]
          --preview   read, check and locate every record, report the counts; store nothing
        see docs/history.md for the mapping.
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        string? mappingFile = null, dataFile = null;
        var preview = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mapping" when i + 1 < args.Length: mappingFile = args[++i]; break;
                case "--file" when i + 1 < args.Length: dataFile = args[++i]; break;
                case "--preview": preview = true; break;
                default: throw new CommandLineException($"Unknown argument '{args[i]}'.\n" + Usage);
            }
        }

        if (mappingFile is null || dataFile is null)
        {
            throw new CommandLineException(Usage);
        }

        HistoryMapping mapping;
        try
        {
            mapping = HistoryMapping.Parse(await File.ReadAllTextAsync(mappingFile, cancellationToken));
            mapping.Preview |= preview;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new CommandLineException($"The mapping '{mappingFile}' cannot be used: {e.Message}");
        }

        try
        {
            await using var file = File.OpenRead(dataFile);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var summary = await services.GetRequiredService<HistoryImporter>().ImportAsync(mapping, file, "history-import", new LineProgress(), null, cancellationToken);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine((summary.Preview ? "Preview (nothing stored): " : "Imported: ")
                + $"{summary.Incidents:N0} incidents, {summary.Events:N0} events in district {summary.District} ({summary.Located:N0} located in a grid, "
                + $"{summary.Late:N0} closed after their due date) in {seconds:N1} s; finished months scored again: {summary.Months.Count}.");
            return 0;
        }
        catch (HistoryRejectedException e)
        {
            await Console.Error.WriteLineAsync($"History refused; nothing was stored. {e.Problems.Count} problem(s):");
            foreach (var problem in e.Problems)
            {
                await Console.Error.WriteLineAsync($"  {problem}");
            }

            return 1;
        }
        catch (FileNotFoundException e)
        {
            throw new CommandLineException($"The file '{e.FileName}' does not exist.");
        }
    }

    private sealed class LineProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"  {value}");
    }
}
