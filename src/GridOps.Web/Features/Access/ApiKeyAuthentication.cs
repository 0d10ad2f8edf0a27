using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Access;

/// <summary>
/// Machine clients send their key in an <c>X-Api-Key</c> header, or — on the Open311 paths only, as
/// GeoReport v2 prescribes — in an <c>api_key</c> query or form field. A wall screen's device token is
/// no API key: it only ever buys a device cookie at <c>/device</c> (it once worked as <c>?api_key=</c>
/// anywhere, a long-lived secret in URLs and proxy logs, issue 15).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static bool Presents(HttpRequest request) =>
        request.Headers.ContainsKey(Header)
        || (IsOpen311(request) && (request.Query.ContainsKey("api_key") || request.HasFormContentType));

    private static bool IsOpen311(HttpRequest request) => request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? secret = Request.Headers[Header].FirstOrDefault() ?? (IsOpen311(Request) ? Request.Query["api_key"].FirstOrDefault() : null);
        if (secret is null && Request.HasFormContentType && IsOpen311(Request))
        {
            Request.EnableBuffering();
            try
            {
                var form = await Request.ReadFormAsync(Context.RequestAborted);
                secret = form["api_key"].FirstOrDefault();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // The form reader refuses U+0000 anywhere in the body; the key is still found, so the caller is
                // known and the guard after sign-in names the bad field (400) rather than answering 500.
                Request.Body.Position = 0;
                secret = await Platform.Requests.UnreadableFormField.ValueOfAsync(Request, "api_key", Context.RequestAborted);
            }
            finally
            {
                Request.Body.Position = 0;
            }
        }

        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        var viewer = await keys.FindAsync(secret, Context.RequestAborted);
        if (viewer is null || viewer.Kind == PrincipalKind.Device)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = Viewer.Identity(viewer.Kind, viewer.Id, viewer.Name, viewer.DisplayName, viewer.Role, viewer.Scope, null, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessDenied.WriteAsync(Context, StatusCodes.Status401Unauthorized, "An API key is required, or the key is unknown or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessDenied.WriteAsync(Context, StatusCodes.Status403Forbidden, "This key may not use this endpoint.");
}
