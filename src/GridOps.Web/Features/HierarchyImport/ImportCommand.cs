using GridOps.Web.Platform;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// <c>./gridops import --mapping FILE [--dir DIR]</c> for mapped files, or
/// <c>./gridops import FILE.geojson</c> for GridOps' own export format.
/// </summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var (mapping, folder) = ReadArguments(args);
        try
        {
            var summary = await services.GetRequiredService<HierarchyImporter>().ImportAsync(
                mapping, file => File.OpenRead(Path.Combine(folder, file)), new SynchronousProgress(Console.Error), cancellationToken);
            foreach (var repair in summary.Repairs)
            {
                await Console.Error.WriteLineAsync($"  warning: {repair}");
            }

            Console.WriteLine((summary.Preview ? "Preview (nothing stored) of district " : "Imported district ") + $"{summary.DistrictCode}, {summary.Retired} retired: " + string.Join(", ", summary.Areas.OrderBy(a => a.Key).Select(a =>
                summary.SourcePolygons.TryGetValue(a.Key, out var polygons) ? $"{a.Value} {a.Key} ({polygons} polygons)" : $"{a.Value} {a.Key}")) + ".");
            return 0;
        }
        catch (ImportRejectedException e)
        {
            await Console.Error.WriteLineAsync($"Import refused; nothing was stored. {e.Problems.Count} problem(s):");
            foreach (var problem in e.Problems)
            {
                await Console.Error.WriteLineAsync($"  {problem}");
            }

            return 1;
        }
    }

    private static (ImportMapping Mapping, string Folder) ReadArguments(string[] args)
    {
        string? mappingFile = null;
        string? folder = null;
        string? nativeFile = null;
        bool retireMissing = false, preview = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mapping" when i + 1 < args.Length: mappingFile = args[++i]; break;
                case "--dir" when i + 1 < args.Length: folder = args[++i]; break;
                case "--retire-missing": retireMissing = true; break;
                case "--preview": preview = true; break;
                case var file when !file.StartsWith("--", StringComparison.Ordinal): nativeFile = file; break;
                default: throw new CommandLineException($"Unknown argument '{args[i]}'.\n" + Usage);
            }
        }

        if (mappingFile is not null)
        {
            try
            {
                var mapping = ImportMapping.Parse(File.ReadAllText(mappingFile));
                mapping.RetireMissing |= retireMissing;
                mapping.Preview |= preview;
                return (mapping, folder ?? Path.GetDirectoryName(Path.GetFullPath(mappingFile))!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                throw new CommandLineException($"The mapping '{mappingFile}' cannot be used: {e.Message}");
            }
        }

        if (nativeFile is not null)
        {
            var full = Path.GetFullPath(nativeFile);
            var native = ImportMapping.Native(Path.GetFileName(full));
            native.RetireMissing = retireMissing;
            native.Preview = preview;
            return (native, Path.GetDirectoryName(full)!);
        }

        throw new CommandLineException(Usage);
    }

    private const string Usage = """
        usage: ./gridops import --mapping MAPPING.json [--dir FOLDER]   files named in the mapping, read from FOLDER
               ./gridops import DISTRICT.geojson                       a file exported by GridOps
          --preview          validate and report what would change (areas, retirements); store nothing
          --retire-missing   retire every current area the files lack, even more than 5 % of the district
        see docs/import.md for the mapping format.
        """;

    // Progress<T> posts to the thread pool; a command line wants lines in order, now.
    private sealed class SynchronousProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"  {value}");
    }
}
