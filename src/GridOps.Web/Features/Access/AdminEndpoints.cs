using GridOps.Web.Features.Access.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GridOps.Web.Features.Access;

/// <summary>The administrator's forms: create and disable users, lift lockouts, issue and revoke keys.</summary>
internal static class AdminEndpoints
{
    public static void MapAccessAdmin(this IEndpointRouteBuilder app)
    {
        // The admin pages' forms: people's doors, not machines'.
        var group = app.MapGroup("/admin").RequireAuthorization(Can.ManageAccess).ExcludeFromDescription();
        group.MapPost("/users", CreateUserAsync);
        group.MapPost("/users/{id:long}/state", SetUserStateAsync);
        group.MapPost("/keys", CreateKeyAsync);
        group.MapPost("/keys/{id:long}/revoke", RevokeKeyAsync).RequireAntiforgeryToken();
    }

    private static async Task<IResult> CreateUserAsync([FromForm] string? userName, [FromForm] string? displayName, [FromForm] string? password,
        [FromForm] string? role, [FromForm] string? areaCode, [FromForm] string? departmentCode, UserAccounts accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var parsed = Enum.TryParse<AccessRole>(role, out var r) && Enum.IsDefined(r) ? r : (AccessRole)(-1);
        var (user, errors) = await accounts.CreateAsync(new NewUser(userName ?? "", displayName ?? "", password ?? "", parsed, areaCode, departmentCode),
            http.Viewer().ActorName, cancellationToken);
        return user is null
            ? Results.Redirect($"/admin/users?result=invalid&fields={Uri.EscapeDataString(string.Join(",", errors.Keys))}")
            : Results.Redirect($"/admin/users?result=created&name={Uri.EscapeDataString(user.UserName)}");
    }

    private static async Task<IResult> SetUserStateAsync(long id, [FromForm] string? change, UserAccounts accounts, HttpContext http, CancellationToken cancellationToken)
    {
        bool? disable = change switch { "disable" => true, "enable" => false, _ => null };
        var found = await accounts.SetStateAsync(id, disable, change == "unlock", http.Viewer().ActorName, cancellationToken);
        return found ? Results.Redirect("/admin/users?result=changed") : Results.NotFound();
    }

    // The secret is shown once, on the answer to this post, and never stored or redirected.
    private static async Task<IResult> CreateKeyAsync([FromForm] string? name, [FromForm] string? role, [FromForm] string? areaCode,
        [FromForm] string? departmentCode, AccessKeys keys, HttpContext http, CancellationToken cancellationToken)
    {
        var parsed = Enum.TryParse<AccessRole>(role, out var r) && Enum.IsDefined(r) ? r : (AccessRole)(-1);
        var (key, secret, errors) = await keys.CreateAsync(new NewAccessKey(name ?? "", parsed, areaCode, departmentCode), http.Viewer().ActorName, cancellationToken);
        if (key is null)
        {
            return Results.Redirect($"/admin/keys?result=invalid&fields={Uri.EscapeDataString(string.Join(",", errors.Keys))}");
        }

        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<KeyCreatedPage>(new { KeyName = key.Name, Role = key.Role, Secret = secret! });
    }

    private static async Task<IResult> RevokeKeyAsync(long id, AccessKeys keys, HttpContext http, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, http.Viewer().ActorName, cancellationToken) ? Results.Redirect("/admin/keys?result=revoked") : Results.NotFound();
}
