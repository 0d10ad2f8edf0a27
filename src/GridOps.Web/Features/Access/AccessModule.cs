using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;

namespace GridOps.Web.Features.Access;

/// <summary>Sign-in, roles and scope, API keys, the audit trail and the hardening every request passes.</summary>
internal static class AccessModule
{
    public const string SignInLimit = "sign-in";
    public const string PublicReportLimit = "public-report";
    public const string StatusLookupLimit = "status-lookup";
    private const string SmartScheme = "GridOps";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AccessOptions>(builder.Configuration.GetSection("Access"));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<UserAccounts>();
        builder.Services.AddSingleton<AccessKeys>();
        builder.Services.AddSingleton<PrincipalCache>();
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton<AuditQueries>();
        builder.Services.AddSingleton<AccessSeeder>();
        builder.Services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = http =>
                ApiKeyAuthenticationHandler.Presents(http.Request) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, CookieSessions.Configure);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Capability>())
            {
                o.AddPolicy(Can.Prefix + permission, p =>
                {
                    // Machine doors take only keys: a browser's cookie never reaches them, so no
                    // cross-site form can post a 12345 batch or an Open311 request as a signed-in person.
                    if (permission is Capability.ReceiveHotline or Capability.UseOpen311)
                    {
                        p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName);
                    }

                    p.RequireAssertion(c => Viewer.From(c.User).Can(permission)
                        || (permission == Capability.ReadMetrics && MetricsScraper.IsListed(c.Resource as HttpContext)));
                });
            }

            o.AddPolicy(Can.SignedIn, p => p.RequireAssertion(c => Viewer.From(c.User).IsSignedIn));
            o.AddPolicy(Can.ActOnIncidents, p => p.RequireAssertion(c => Viewer.From(c.User) is var v
                && (v.Can(Capability.Coordinate) || v.Can(Capability.Handle) || v.Can(Capability.Evaluate))));
            // An endpoint nobody labelled is closed, not open (the authorization matrix test also fails on it).
            o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddRateLimiter(o =>
        {
            // Intake overload answers 503 (the server is busy); one address asking too often answers 429.
            o.OnRejected = (context, _) =>
            {
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
                if (policy is SignInLimit or PublicReportLimit or StatusLookupLimit)
                {
                    context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.HttpContext.Response.Headers.RetryAfter = "60";
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignInLimit, http => PerAddress(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.SignInsPerMinute));
            o.AddPolicy(PublicReportLimit, http => PerAddress(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.PublicReportsPerMinute));
            o.AddPolicy(StatusLookupLimit, http => PerAddress(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value.StatusLookupsPerMinute));
        });
        // Behind a reverse proxy the client's address (rate limits, audit) and scheme (Secure cookies)
        // come from X-Forwarded-*, trusted only from the proxies listed in configuration. Not from
        // loopback by default: any local client could otherwise rotate the header past the sign-in limit.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            var proxies = builder.Configuration.GetSection("Access:TrustedProxies").Get<string[]>() ?? [];
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            // With no known proxy at all the middleware would trust every sender: then it reads nothing.
            o.ForwardedHeaders = proxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        // Three 5 MB photos and a form fit; anything larger is refused before it is read.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 24 * 1024 * 1024);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 20 * 1024 * 1024);
        return builder;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
