using GridOps.Web.Data;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridOps.TestSupport;

/// <summary>
/// A real PostgreSQL + PostGIS database of a test's own, cloned from a migrated template so tests
/// can run in any order. The server comes from GRIDOPS_TEST_DB, which './gridops test' sets.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static string? _emptyTemplate;
    private static string? _demoTemplate;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = DataModule.CreateDataSource(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The server's maintenance database, from the environment.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("GRIDOPS_TEST_DB") is { Length: > 0 } value ? value
        : throw new InvalidOperationException(
            "GRIDOPS_TEST_DB is not set. Run the tests with './gridops test', which starts a throwaway PostgreSQL + PostGIS, " +
            "or point GRIDOPS_TEST_DB at a server's maintenance database, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'.");

    /// <summary>A migrated, empty database.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CloneAsync(seedDemo: false);

    /// <summary>A migrated database holding the demo district.</summary>
    public static Task<TestDatabase> CreateWithDemoAsync() => CloneAsync(seedDemo: true);

    /// <summary>A database with nothing in it at all, not even migrations.</summary>
    public static async Task<TestDatabase> CreateBlankAsync()
    {
        var name = NewName();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    private static string NewName() => $"gridops_t_{RunId}_{Guid.NewGuid():N}"[..40];

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    public IDbContextFactory<GridOpsDbContext> CreateContextFactory()
    {
        var options = new DbContextOptionsBuilder<GridOpsDbContext>();
        DataModule.Configure(options, DataSource);
        return new PooledDbContextFactory<GridOpsDbContext>(options.Options);
    }

    /// <summary>Runs a statement that answers nothing (arranging a setting a test needs).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The point inside an area where the map puts its label: a spot surely in that area.</summary>
    public async Task<(double Lon, double Lat)> LabelPointAsync(string areaCode)
    {
        await using var command = DataSource.CreateCommand("SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = $1");
        command.Parameters.AddWithValue(areaCode);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetDouble(0), reader.GetDouble(1)) : throw new InvalidOperationException($"No area {areaCode}");
    }

    /// <summary>The first column of every row, as text.</summary>
    public async Task<IReadOnlyList<string>> StringsAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        List<string> values = [];
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task<TestDatabase> CloneAsync(bool seedDemo)
    {
        string templateName;
        await TemplateLock.WaitAsync();
        try
        {
            templateName = seedDemo
                ? _demoTemplate ??= await CreateTemplateAsync("demo", seedDemo: true)
                : _emptyTemplate ??= await CreateTemplateAsync("empty", seedDemo: false);
        }
        finally
        {
            TemplateLock.Release();
        }

        var name = NewName();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{templateName}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    private static async Task<string> CreateTemplateAsync(string kind, bool seedDemo)
    {
        var name = $"gridops_tpl_{kind}_{RunId}";
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        var demo = seedDemo ? new DemoDistrictGenerator(new DemoDistrictOptions()).Generate() : null;
        await MigrateAndSeedAsync(ConnectionStringFor(name), demo?.Areas ?? [], demo?.Staff ?? []);

        // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    /// <summary>Migrates a database and stores the given hierarchy in it (tests' templates, benchmarks' databases).</summary>
    public static async Task MigrateAndSeedAsync(string connectionString, IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff)
    {
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var options = new DbContextOptionsBuilder<GridOpsDbContext>();
        DataModule.Configure(options, dataSource);
        var contexts = new PooledDbContextFactory<GridOpsDbContext>(options.Options);
        await new DatabaseMigrator(contexts, dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        if (areas.Count > 0)
        {
            await new HierarchyWriter(dataSource).WriteAsync(areas, staff, progress: null, CancellationToken.None);
            await using var analyze = dataSource.CreateCommand("ANALYZE areas");
            await analyze.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
