using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Needs;

/// <summary>Demand and resource lists (需求清单 / 资源清单) and the street's joint-meeting list.</summary>
internal static class NeedsModule
{
    public static WebApplicationBuilder AddNeeds(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NeedsService>();
        builder.Services.AddSingleton<NeedsQueries>();
        return builder;
    }

    public static WebApplication MapNeeds(this WebApplication app)
    {
        app.MapGet("/api/needs", async (string? state, NeedsQueries queries, NeedsService service, HttpContext http, CancellationToken cancellationToken) =>
        {
            var viewer = http.Viewer();
            NeedState? parsed = Enum.TryParse<NeedState>(state, ignoreCase: true, out var s) ? s : null;
            if (state is { Length: > 0 } && parsed is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["Use listed, claimed or solved."] });
            }

            return Results.Ok(new NeedsList(
                await queries.CountsAsync(viewer.Scope, await service.TodayAsync(viewer.Scope, cancellationToken), cancellationToken),
                await queries.NeedsAsync(viewer.Scope, parsed, cancellationToken)));
        }).RequireAuthorization(Can.ManageNeeds).WithTags("Needs")
            .WithSummary("The demand list in the caller's scope (state: listed, claimed or solved), with counts").Produces<NeedsList>().ProducesValidationProblem();
        return app;
    }
}

/// <summary>GET /api/needs: the counts per area and the needs themselves.</summary>
public sealed record NeedsList(IReadOnlyList<NeedCounts> Counts, IReadOnlyList<NeedRow> Needs);
