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

        // Into a temporary file first: a failed export must not truncate the file it would replace.
        var temporary = output is null ? null : output + ".partial";
        var exported = false;
        await using (var stream = temporary is null ? Console.OpenStandardOutput() : File.Create(temporary))
        {
            exported = await services.GetRequiredService<HierarchyExporter>().ExportAsync(district, stream, cancellationToken);
        }

        if (!exported)
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }

            throw new CommandLineException($"There is no district with code '{district}'.");
        }

        if (temporary is not null)
        {
            File.Move(temporary, output!, overwrite: true);
        }

        return 0;
    }
}
