using GridOps.Web.Data;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The benchmark databases, kept between runs on the server GRIDOPS_DB names (./gridops bench
/// starts the private one): "demo" holds the demo district, "synthetic" 200,704 micro-grids.
/// </summary>
internal static class BenchDatabase
{
    public static async Task<string> EnsureAsync(string kind)
    {
        var server = Environment.GetEnvironmentVariable("GRIDOPS_DB")
            ?? throw new InvalidOperationException("Set GRIDOPS_DB, or run the benchmarks with './gridops bench'.");
        var name = $"gridops_bench_{kind.Replace('-', '_')}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", admin);
            if (await exists.ExecuteScalarAsync() is not null)
            {
                return connectionString;
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var options = new DbContextOptionsBuilder<GridOpsDbContext>();
        DataModule.Configure(options, dataSource);
        await new DatabaseMigrator(new PooledDbContextFactory<GridOpsDbContext>(options.Options), dataSource, NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        var areas = kind == "demo" ? new DemoDistrictGenerator(new DemoDistrictOptions()).Generate().Areas : SyntheticDistrict.Generate();
        Console.Error.WriteLine($"seeding {name} with {areas.Count:N0} areas…");
        await new HierarchyWriter(dataSource).WriteAsync(areas, [], new Progress<string>(Console.Error.WriteLine), CancellationToken.None);
        await using var analyze = dataSource.CreateCommand("ANALYZE areas");
        await analyze.ExecuteNonQueryAsync();
        return connectionString;
    }
}
