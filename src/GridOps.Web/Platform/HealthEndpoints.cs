using Npgsql;

namespace GridOps.Web.Platform;

/// <summary>Liveness (the process answers) and readiness (the database answers), for load balancers and compose.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", () => Results.Text("ok")).AllowAnonymous();
        app.MapGet("/healthz/ready", async (NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Text("ok");
            }
            catch (NpgsqlException e)
            {
                return Results.Problem(statusCode: 503, title: "The database does not answer.", detail: e.Message);
            }
        }).AllowAnonymous();
    }
}
