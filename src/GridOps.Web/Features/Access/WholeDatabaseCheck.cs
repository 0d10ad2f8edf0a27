namespace GridOps.Web.Features.Access;

/// <summary>Doors to what every district shares (the working calendar, the category catalogue): only a principal of
/// the whole database may change it — a district's administrator or import key would change every other district's too.</summary>
public static class WholeDatabaseCheck
{
    public const string Refusal = "This serves every district: only an administrator of the whole database may change it.";

    public static RouteHandlerBuilder RequireWholeDatabase(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) => context.HttpContext.Viewer().Scope.IsEverything
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Refusal));
}
