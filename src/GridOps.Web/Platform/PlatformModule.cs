using Microsoft.AspNetCore.DataProtection;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace GridOps.Web.Platform;

/// <summary>What every feature relies on: pages, localization, JSON and error shapes, time.</summary>
internal static class PlatformModule
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        // Chinese text stays readable in the HTML source instead of becoming numeric entities.
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddProblemDetails();
        // Bad bodies and a missing database are answered, not logged as a bare 400/500 (Platform/Requests).
        builder.Services.AddExceptionHandler<Requests.BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKeyedSingleton(WallClock.Key, TimeProvider.System);
        // Stopping takes seconds whatever the database does: every background service stops at once, and
        // none may hold the process past this (a SIGTERM with PostgreSQL down once hung for a minute, issue 15).
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            o.ServicesStopConcurrently = true;
        });
        // One key ring in the database for every node (Platform/DatabaseKeyRing.cs).
        builder.Services.AddDataProtection().SetApplicationName("GridOps");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Npgsql.NpgsqlDataSource>((o, dataSource) => o.XmlRepository = new DatabaseKeyRing(dataSource));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.Converters.Add(new Requests.StorableTextJsonConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // A person's browser gets a page that says what happened and what to do, in their language;
        // API clients and machines keep ProblemDetails.
        app.UseWhen(AcceptsHtml, html =>
        {
            if (!app.Environment.IsDevelopment())
            {
                html.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    ExceptionHandlingPath = "/error/500",
                    CreateScopeForErrors = true,
                    StatusCodeSelector = Requests.BadRequestProblems.StatusCodeOf,
                });
            }

            html.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        });
        app.UseWhen(http => !AcceptsHtml(http), api =>
        {
            if (!app.Environment.IsDevelopment())
            {
                api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = Requests.BadRequestProblems.StatusCodeOf });
            }

            api.UseStatusCodePages();
        });
        app.UseRequestLocalization();
        app.UseMiddleware<Features.Access.SecurityHeaders>();
        app.UseStaticFiles();
        // Explicit, after the status-code pages: a re-executed request (/error/404) must be routed again.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After sign-in is known (a stranger is refused before their input is read), before any endpoint.
        app.UseMiddleware<Requests.StorableTextGuard>();
        app.UseAntiforgery();

        // The language switch: remembers the choice in the standard culture cookie.
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!Cultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: 400, title: $"Unsupported language '{culture}'. Use zh-CN or en.");
            }

            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static bool AcceptsHtml(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    // The rule LocalRedirect enforces: one leading slash, no "//" or "/\", no control characters.
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
