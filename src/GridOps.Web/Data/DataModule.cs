using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace GridOps.Web.Data;

internal static class DataModule
{
    /// <summary>The connection string: <c>GRIDOPS_DB</c>, else <c>ConnectionStrings:GridOps</c>.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration["GRIDOPS_DB"] is { Length: > 0 } fromEnvironment ? fromEnvironment
        : configuration.GetConnectionString("GridOps") is { Length: > 0 } fromSettings ? fromSettings
        : throw new InvalidOperationException(
            "No database configured. Set GRIDOPS_DB to an Npgsql connection string, or start GridOps with './gridops run', which starts its own PostgreSQL + PostGIS.");

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services => CreateDataSource(ConnectionString(services.GetRequiredService<IConfiguration>())));
        builder.Services.AddDbContextFactory<GridOpsDbContext>((services, options) => Configure(options, services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<DatabaseMigrator>();
        return builder;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        // JIT compilation costs ~0.5 s per plan and buys nothing for GridOps' short spatial
        // queries: a 100k-point locate batch ran 1.5 s with it, 1.06 s without (docs/benchmarks.md).
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        settings.Options = string.IsNullOrEmpty(settings.Options) ? "-c jit=off" : settings.Options + " -c jit=off";
        // PostGIS queries cost more to plan than to run (~1 ms against ~0.1 ms): statements used
        // repeatedly are prepared once per connection (docs/benchmarks.md, intake).
        if (!settings.ContainsKey("Max Auto Prepare") || settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        // Every piece of session state GridOps uses is transaction-scoped (temp tables ON COMMIT
        // DROP, SET LOCAL, xact locks), so the reset Npgsql would run each time a pooled
        // connection is reused (several statements) is pure server work: skip it.
        settings.NoResetOnClose = true;

        // More backends than a few per core only adds switching: under a burst, requests wait for a
        // connection in this process (cheap) instead of crowding PostgreSQL (docs/benchmarks.md, intake).
        if (!settings.ContainsKey("Maximum Pool Size"))
        {
            settings.MaxPoolSize = Math.Max(16, 8 * Environment.ProcessorCount);
        }
        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        // PostGIS geometry as NetTopologySuite types, through the ecosystem's plugin (decision 017).
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource)
    {
        options.UseNpgsql(dataSource, npgsql => npgsql.UseNetTopologySuite());
        // Migrations are hand-written SQL with no model snapshot (docs/decisions/002), so EF
        // would always report "pending model changes"; the schema tests guard the model instead.
        // A refused write (a stale version, a duplicate key) is an answer GridOps gives, not a
        // fault; failures that are faults surface as exceptions and are logged where handled.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)
            .Log((RelationalEventId.CommandError, LogLevel.Debug)));
    }
}
