using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Live;

/// <summary>
/// Two GridOps nodes on one database behind a real nginx, set up as docs/live.md shows: a wall whose node
/// dies comes back on the other node by itself and shows what happened meanwhile.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class TwoNodesBehindNginxTests(BrowserFixture fixture)
{
    [Fact]
    public async Task WhenTheWallsNodeDies_TheWallComesBackOnTheOtherNode_AndCatchesUp()
    {
        var connectionString = fixture.Database!.ConnectionString;
        var nodes = new Dictionary<string, GridOpsAppFactory>();
        try
        {
            foreach (var _ in new[] { 1, 2 })
            {
                var node = new GridOpsAppFactory(connectionString);
                nodes[new Uri(node.StartOnLoopback()).Authority] = node;
            }

            await using var nginx = await NginxFrontDoor.StartAsync(nodes.Keys.Select(authority => "http://" + authority));
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = nginx.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            });
            var wall = await context.NewPageAsync();
            await wall.GotoAsync("/device#token=" + AccessSeeder.DemoWallToken);
            await wall.WaitForURLAsync(url => !url.Contains("/device", StringComparison.Ordinal));
            var opened = await wall.GotoAsync("/wall");
            await Assertions.Expect(wall.Locator(".wall[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20000 });
            var wallsNode = opened!.Headers[NginxFrontDoor.NodeHeader];
            var survivor = nodes.Keys.Single(authority => authority != wallsNode);

            // The wall's node goes away (a crash or a deploy of that node); the other one records an incident meanwhile.
            await nodes[wallsNode].DisposeAsync();
            nodes.Remove(wallsNode);
            var ticket = await ReportAsync("http://" + survivor, "井盖缺失行人易跌落");

            // Nobody touches the wall: nginx sends its retries to the surviving node, which does not know the
            // circuit, so the wall reloads there and shows what happened meanwhile.
            await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = "井盖缺失行人易跌落" }).First).ToBeVisibleAsync(new() { Timeout = 60000 });
            await Assertions.Expect(wall.Locator(".wall[data-ready=true]")).ToBeVisibleAsync();
            await Assertions.Expect(wall.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
            var now = await context.APIRequest.GetAsync("/healthz/live");
            Assert.Equal(survivor, now.Headers[NginxFrontDoor.NodeHeader]);

            // And it is live there: an incident reported after the move arrives without a reload.
            await ReportAsync("http://" + survivor, "路灯倒伏压住人行道");
            await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = "路灯倒伏压住人行道" }).First).ToBeVisibleAsync(new() { Timeout = 10000 });
            await context.CloseAsync();
            Assert.NotEmpty(ticket);
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task<string> ReportAsync(string baseUrl, string description)
    {
        var grid = (await fixture.Database!.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
        var (lon, lat) = await fixture.Database.LabelPointAsync(grid);
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AccessSeeder.DemoHotlineKey);
        using var response = await client.PostAsJsonAsync("/api/incidents", new { category = "facility.manhole", description, lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }
}
