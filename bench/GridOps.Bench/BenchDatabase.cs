using GridOps.TestSupport;
using GridOps.Web.Features.DemoDistrict;
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

        var areas = kind == "demo" ? new DemoDistrictGenerator(new DemoDistrictOptions()).Generate().Areas : SyntheticDistrict.Generate();
        Console.Error.WriteLine($"seeding {name} with {areas.Count:N0} areas…");
        await TestDatabase.MigrateAndSeedAsync(connectionString, areas, []);
        return connectionString;
    }
}
