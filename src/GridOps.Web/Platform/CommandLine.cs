using GridOps.Web.Data;
using Microsoft.Extensions.Logging.Console;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.HierarchyImport;

namespace GridOps.Web.Platform;

/// <summary>One-shot commands run by <c>./gridops import|import-history|export|seed-demo|create-admin</c>.</summary>
internal static class CommandLine
{
    private static readonly string[] Commands = ["import", "import-history", "export", "seed-demo", "create-admin"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>Commands write their output to stdout (export pipes GeoJSON), so logs go to stderr, warnings only.</summary>
    public static void ConfigureLogging(WebApplicationBuilder builder, string[] args)
    {
        if (IsCommand(args))
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        try
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellation.Token);
            return args[0] switch
            {
                "import" => await ImportCommand.RunAsync(app.Services, args[1..], cancellation.Token),
                "import-history" => await Features.History.HistoryCommand.RunAsync(app.Services, args[1..], cancellation.Token),
                "export" => await ExportCommand.RunAsync(app.Services, args[1..], cancellation.Token),
                "create-admin" => await CreateAdminCommand.RunAsync(app.Services, args[1..], cancellation.Token),
                _ => await app.Services.GetRequiredService<DemoDistrictSeeder>().SeedCommandAsync(cancellation.Token),
            };
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}

/// <summary>A command's arguments or input are wrong; the message says what to do.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
