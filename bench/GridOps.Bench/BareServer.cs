using GridOps.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridOps.Bench;

/// <summary>The baseline: Kestrel + SignalR with a hub that does nothing, in this process.</summary>
internal sealed class BareServer : IAsyncDisposable
{
    private WebApplication app = null!;

    public IHubContext<BareHub> Hub { get; private set; } = null!;

    private Uri address = null!;

    public static async Task<BareServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        var server = new BareServer { app = builder.Build() };
        server.app.MapHub<BareHub>("/hubs/bare");
        await server.app.StartAsync();
        server.address = new Uri(server.app.Urls.First());
        server.Hub = server.app.Services.GetRequiredService<IHubContext<BareHub>>();
        return server;
    }

    public Task<LiveHubClient> ConnectAsync() => LiveHubClient.ConnectAsync(address, new Dictionary<string, string>(), "/hubs/bare");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

internal sealed class BareHub : Hub;
