using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridOps.Web.Data;

/// <summary>Applies the migrations at start-up and makes Npgsql see the types they created.</summary>
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
    }
}
