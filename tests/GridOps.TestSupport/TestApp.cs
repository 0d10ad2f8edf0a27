using GridOps.Web.Features.Access;
using Microsoft.Extensions.DependencyInjection;

namespace GridOps.TestSupport;

/// <summary>The real app over a database of the test's own, with an HTTP client to it
/// signed in as an administrator (see <see cref="SignInAsync"/> for other roles).</summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string AdminName = "test-admin";
    public const string AdminPassword = "test-admin-password";

    /// <summary>The 12345 gateway's key in every test app (configured, stored hashed at start).</summary>
    public const string HotlineKey = "test-hotline-key";

    private readonly List<HttpClient> _clients = [];
    private bool _ownsDatabase = true;

    private TestApp(TestDatabase database, TimeProvider? time, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services = null)
    {
        Database = database;
        Factory = new GridOpsAppFactory(database.ConnectionString) { Time = time, Settings = settings ?? new Dictionary<string, string>(), TestServices = services };
        Client = Factory.CreateClient();
    }

    public TestDatabase Database { get; }

    public GridOpsAppFactory Factory { get; }

    /// <summary>Signed in as an administrator, who may do everything everywhere.</summary>
    public HttpClient Client { get; }

    public static async Task<TestApp> StartAsync(bool withDemo, TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new TestApp(withDemo ? await TestDatabase.CreateWithDemoAsync() : await TestDatabase.CreateEmptyAsync(), time, settings, services);
        await app.EnsureAdminAsync();
        await SignIn.WithPasswordAsync(app.Client, AdminName, AdminPassword);
        return app;
    }

    /// <summary>The real app over a database the caller made (and another process may already use).</summary>
    /// <param name="ownsDatabase">Whether disposing the app drops the database.</param>
    public static async Task<TestApp> StartOnAsync(TestDatabase database, bool ownsDatabase, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new TestApp(database, null, settings, services) { _ownsDatabase = ownsDatabase };
        await app.EnsureAdminAsync();
        await SignIn.WithPasswordAsync(app.Client, AdminName, AdminPassword);
        return app;
    }

    /// <summary>A second GridOps node on this app's database (another host, its own services and hub); disposing it leaves the database.</summary>
    public async Task<TestApp> SecondNodeAsync()
    {
        var node = new TestApp(Database, null, Factory.Settings) { _ownsDatabase = false };
        await SignIn.WithPasswordAsync(node.Client, AdminName, AdminPassword);
        return node;
    }

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>A client nobody has signed in on.</summary>
    /// <param name="followRedirects">False to see each answer itself (a redirect to sign in, say) rather than where it leads.</param>
    public HttpClient Anonymous(bool followRedirects = true) =>
        Track(Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects }));

    /// <summary>A client signed in with a user name and password (the demo users' is <see cref="AccessSeeder.DemoPassword"/>).</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = AccessSeeder.DemoPassword, bool followRedirects = true)
    {
        var client = Anonymous(followRedirects);
        await SignIn.WithPasswordAsync(client, userName, password);
        return client;
    }

    /// <summary>A wall screen provisioned with its device token (it then holds a device cookie).</summary>
    public async Task<HttpClient> WallAsync(string token = AccessSeeder.DemoWallToken, bool followRedirects = true)
    {
        var client = Anonymous(followRedirects);
        var antiforgery = await SignIn.AntiforgeryTokenAsync(client, "/device");
        using var response = await client.PostAsync("/device", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["token"] = token,
        }));
        return client;
    }

    /// <summary>A live hub connection signed in as a demo user (or the test administrator), over the test server.</summary>
    public async Task<LiveHubClient> HubAsync(string userName, string password = AccessSeeder.DemoPassword)
    {
        var cookie = await SessionCookieAsync(userName, password);
        var sockets = Factory.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
        var socket = await sockets.ConnectAsync(new Uri(new Uri(Factory.Server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal)), GridOps.Web.Features.Live.LiveHub.Path.TrimStart('/')), CancellationToken.None);
        return await LiveHubClient.ConnectAsync(socket);
    }

    /// <summary>Signs in and answers the session cookie as a Cookie header value (for WebSockets and other non-HttpClient callers).</summary>
    public async Task<string> SessionCookieAsync(string userName, string password = AccessSeeder.DemoPassword)
    {
        var client = Anonymous(followRedirects: false);
        using var response = await SignIn.PostAsync(client, userName, password);
        var session = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("gridops.session=", StringComparison.Ordinal));
        return session ?? throw new InvalidOperationException($"Signing in as {userName} set no session cookie ({(int)response.StatusCode}).");
    }

    /// <summary>A machine client presenting an API key.</summary>
    /// <summary>Reports a neighbour dispute at a point through the API as the client's principal; answers its ticket number.</summary>
    public static async Task<string> ReportAsync(HttpClient client, double lon, double lat)
    {
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/incidents",
            new { category = "dispute.neighbour", description = "楼上漏水引发邻里纠纷", lon, lat });
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("ticketNo").GetString()!;
    }

    public HttpClient WithKey(string secret, bool followRedirects = true)
    {
        var client = Anonymous(followRedirects);
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, secret);
        return client;
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    private async Task EnsureAdminAsync()
    {
        var accounts = Service<UserAccounts>();
        var (user, errors) = await accounts.CreateAsync(new NewUser(AdminName, "测试管理员", AdminPassword, AccessRole.Administrator, null, null), "test", CancellationToken.None);
        if (user is null && !errors.ContainsKey("userName"))
        {
            throw new InvalidOperationException("Could not create the test administrator: " + string.Join("; ", errors.Keys));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Client.Dispose();
        await Factory.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
