using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GridOps.TestSupport;

/// <summary>The real GridOps application over a test's own database.</summary>
/// <param name="connectionString">The database, usually a <see cref="TestDatabase"/>'s.</param>
public sealed class GridOpsAppFactory(string connectionString) : WebApplicationFactory<Program>
{
    /// <summary>A clock the test controls; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Services the test replaces (e.g. the live pump's wait clock), registered after the app's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Configuration the test sets (e.g. a lower rate limit), over the defaults below.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Issues an API key (12345 gateway by default) and returns its secret, for load drivers.</summary>
    public async Task<string> IssueKeyAsync(GridOps.Web.Features.Access.AccessRole role = GridOps.Web.Features.Access.AccessRole.HotlineGateway)
    {
        var (_, secret, errors) = await Services.GetRequiredService<GridOps.Web.Features.Access.AccessKeys>()
            .CreateAsync(new GridOps.Web.Features.Access.NewAccessKey("load driver", role, null, null), "bench", CancellationToken.None);
        return secret ?? throw new InvalidOperationException(string.Join(", ", errors.Keys));
    }

    /// <summary>Starts the app on a real loopback port (for browsers) and returns its base URL.</summary>
    /// <param name="port">A fixed port (0: any free one); a restarted app on the same port lets open pages reconnect.</param>
    public string StartOnLoopback(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("GRIDOPS_DB", connectionString);
        builder.UseSetting("GRIDOPS_DEMO", "false");
        // The key Open311 tests present; deployments list theirs the same way (stored hashed at start).
        builder.UseSetting("Open311:ApiKeys:0", "test-open311-key");
        builder.UseSetting("Hotline:ApiKeys:0", TestApp.HotlineKey);
        // The demo's accounts wherever a test database holds the demo district (the demo itself is off).
        builder.UseSetting("Demo:Accounts", "true");
        // Tests sign in far more often than people do; the rate-limit test sets its own lower limit.
        builder.UseSetting("Access:SignInsPerMinute", "10000");
        // Tests that report several incidents at one spot would otherwise meet a hotspot alert whenever
        // the scan happens to fire; the hotspot tests scan by hand.
        builder.UseSetting("Hotspots:Enabled", "false");
        // OpenTelemetry listens process-wide: with a dozen test apps alive at once, every app's providers
        // would see every other app's spans and Npgsql measurements, and one app's /metrics count another's
        // work. The tests of telemetry turn it on for their app; JsonLogsTests and the benchmark run
        // GridOps as its own process, as shipped.
        builder.UseSetting("Telemetry:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseContentRoot(Path.Combine(SharedData.RepositoryRoot, "src", "GridOps.Web"));
        // The framework's and MudBlazor's files (blazor.web.js, MudBlazor.min.css) live in their packages until
        // publishing copies them; a build run in Production finds them only through the build's manifest
        // (./gridops run serves from publish output instead).
        builder.UseStaticWebAssets();
        // ...and exactly as published output serves them: no development-time fallback for files added after the build.
        builder.UseSetting("ReloadStaticAssetsAtRuntime", "false");
        if (Time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(Time));
        }

        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }
}
