using System.Net;
using System.Text;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Xunit.Abstractions;

namespace GridOps.Tests.Features.Access;

/// <summary>
/// Generated from the app's own endpoint list: every endpoint must carry a rule, and every
/// endpoint is called by every kind of principal — each role signed in, a wall screen, both kinds
/// of API key, and nobody — expecting exactly what the role table allows.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestApp _app = null!;
    private DemoWorld _world = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _world = await DemoWorld.ArrangeAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> Endpoints => RouteTable.Endpoints(_app);

    [Fact]
    public void EveryEndpoint_NamesItsRule()
    {
        var unruled = Endpoints.Where(e => RouteTable.Rule(e) is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(unruled.Count == 0, "Endpoints without an access rule (add .AllowAnonymous() or .RequireAuthorization(Can.X)): " + string.Join(", ", unruled));
        Assert.True(Endpoints.Count > 30, $"only {Endpoints.Count} endpoints found: the list is not the app's");
    }

    [Fact]
    public void EveryHubMethod_NamesItsRule()
    {
        var hubs = typeof(AccessModule).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Hub)) && !t.IsAbstract);
        var unruled = hubs.SelectMany(h => h.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Where(m => !m.GetCustomAttributes(true).Concat(h.GetCustomAttributes(true)).OfType<AuthorizeAttribute>().Any(a => a.Policy?.StartsWith(Can.Prefix, StringComparison.Ordinal) == true))
                .Select(m => $"{h.Name}.{m.Name}"))
            .ToList();
        Assert.True(unruled.Count == 0, "Hub methods without a Can.* policy: " + string.Join(", ", unruled));
    }

    [Fact]
    public async Task EveryPrincipal_OnEveryEndpoint_GetsExactlyWhatItsRoleAllows()
    {
        var principals = new List<(string Name, AccessRole? Role, HttpClient Client)>
        {
            ("nobody", null, _app.Anonymous(followRedirects: false)),
            ("wall", AccessRole.WallScreen, await _app.WallAsync(followRedirects: false)),
            ("hotline key", AccessRole.HotlineGateway, _app.WithKey(AccessSeeder.DemoHotlineKey, followRedirects: false)),
            ("open311 key", AccessRole.Open311Client, _app.WithKey(AccessSeeder.DemoOpen311Key, followRedirects: false)),
        };
        foreach (var (user, role) in new[]
        {
            ("admin", AccessRole.Administrator), ("command", AccessRole.CommandCentre), ("supervisor", AccessRole.Supervisor),
            ("leader", AccessRole.Leader), ("community", AccessRole.CommunityStaff), ("grid", AccessRole.GridWorker), ("dept", AccessRole.DepartmentStaff),
        })
        {
            principals.Add((user, role, await _app.SignInAsync(user, followRedirects: false)));
        }

        var table = new StringBuilder("| endpoint | rule | " + string.Join(" | ", principals.Select(p => p.Name)) + " |\n|---|---|" + string.Concat(principals.Select(_ => "---|")) + "\n");
        List<string> wrong = [];
        // Signing out ends the session the other rows need: it goes last.
        foreach (var (endpoint, method) in Endpoints.SelectMany(e => RouteTable.Methods(e).Select(m => (e, m))).OrderBy(x => x.e.RoutePattern.RawText == "/account/sign-out"))
        {
            var rule = RouteTable.Rule(endpoint)!;
            var url = RouteTable.Url(endpoint, _world);
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {method} {endpoint.RoutePattern.RawText} | {rule} |");
            foreach (var (name, role, client) in principals)
            {
                var allowed = rule == "public" || (role is { } r && RouteTable.Allows(rule, r));
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET")
                {
                    // Form endpoints refuse other bodies while routing (415), before anyone is asked who they are.
                    request.Content = RouteTable.TakesForm(endpoint)
                        ? new FormUrlEncodedContent(new Dictionary<string, string> { ["probe"] = "1" })
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                table.Append(refused ? " no |" : " yes |");
                if (allowed == refused)
                {
                    wrong.Add($"{name} {method} {url}: expected {(allowed ? "allowed" : "refused")}, got {(int)response.StatusCode}");
                }
                // Machine doors (12345, Open311) take only keys: a cookie there is no sign-in at all (401).
                else if (refused && role is not null && !url.StartsWith("/open311", StringComparison.Ordinal) && response.StatusCode != HttpStatusCode.Forbidden
                    && !(rule is "ReceiveHotline" && response.StatusCode == HttpStatusCode.Unauthorized))
                {
                    wrong.Add($"{name} {method} {url}: a signed-in principal without the right gets 403, got {(int)response.StatusCode}");
                }
            }

            table.Append('\n');
        }

        output.WriteLine(table.ToString());
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(SharedData.RepositoryRoot, "artifacts")).FullName, "authorization-matrix.md"), table.ToString());
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
