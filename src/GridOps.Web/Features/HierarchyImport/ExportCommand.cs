using GridOps.Web.Platform;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary><c>./gridops export --district CODE [--out FILE]</c>: the district as GridOps GeoJSON.</summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        string? district = null;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--district" when i + 1 < args.Length: district = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                default: throw new CommandLineException("usage: ./gridops export --district CODE [--out FILE]");
            }
        }

        if (district is null)
        {
            throw new CommandLineException("usage: ./gridops export --district CODE [--out FILE]");
        }

        await using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output);
        if (!await services.GetRequiredService<HierarchyExporter>().ExportAsync(district, stream, cancellationToken))
        {
            throw new CommandLineException($"There is no district with code '{district}'.");
        }

        return 0;
    }
}
