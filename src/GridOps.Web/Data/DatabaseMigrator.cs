using Microsoft.EntityFrameworkCore;
using Hangfire.PostgreSql;
using Npgsql;

namespace GridOps.Web.Data;

/// <summary>Applies the migrations at start-up (GridOps' own, then Hangfire's schema) and makes Npgsql see the types they created.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<GridOpsDbContext> contexts, NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // MigrateAsync checks the history table exists before reading it, and takes a lock
            // so two nodes starting together do not both migrate.
            await context.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database schema is at migration {Migration}", context.Database.GetMigrations().LastOrDefault());
        }

        // PostGIS may have just been created: connections opened before did not know geometry.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ReloadTypesAsync(cancellationToken);

        // Hangfire's tables, here rather than when its storage first starts: a test database cloned from a
        // migrated template has them, and two nodes starting together take turns (its installer has no lock).
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('gridops:hangfire-schema'))", connection))
        {
            await hold.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Features.Jobs.JobsModule.Schema);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('gridops:hangfire-schema'))", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
