using System.Net.Http.Json;
using System.Text.Json;
using GridOps.Web.Features.Access;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Access;

/// <summary>Signing in as each demo role in a real browser, the wall screen's device token, and the administrator's pages.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessPagesTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    private async Task<string> FirstCodeAsync(string sql) => (await fixture.Database!.StringsAsync(sql))[0];

    // Reported through the 12345 gateway's key at a grid's label point.
    private async Task<string> ReportInGridAsync(string gridCode, string description)
    {
        var (lon, lat) = await fixture.Database!.LabelPointAsync(gridCode);
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AccessSeeder.DemoHotlineKey);
        using var response = await client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description, lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    [Fact]
    public async Task GridWorker_SignsInOnAPhone_AndSeesOnlyTheirGrid()
    {
        var ownGrid = await FirstCodeAsync("SELECT area.code FROM users u JOIN areas area ON area.id = u.scope_area_id WHERE u.user_name = 'grid'");
        var otherGrid = await FirstCodeAsync($"SELECT code FROM areas WHERE level = 3 AND code <> '{ownGrid}' ORDER BY code DESC LIMIT 1");
        var mine = await ReportInGridAsync(ownGrid, "楼道堆物");
        var theirs = await ReportInGridAsync(otherGrid, "噪音扰民");

        var page = await fixture.OpenAsync("/incidents", 390, 844, mobile: true, user: null);
        Assert.EndsWith("/account/sign-in?ReturnUrl=%2Fincidents", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Shot("sign-in-phone-390x844.png") });
        await page.GetByLabel("用户名").FillAsync("grid");
        await page.GetByLabel("密码").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");
        await page.GetByLabel("用户名").FillAsync("grid");
        await page.GetByLabel("密码").FillAsync(AccessSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.WaitForURLAsync("**/incidents");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = mine })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = theirs })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "系统管理" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("incidents-grid-worker-390x844.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ALeader_OpeningAnotherStreetsIncident_IsToldItDoesNotExist()
    {
        var streetOfLeader = await FirstCodeAsync("SELECT area.code FROM users u JOIN areas area ON area.id = u.scope_area_id WHERE u.user_name = 'leader'");
        var grid = await FirstCodeAsync($"SELECT g.code FROM areas g WHERE g.level = 3 AND (SELECT id FROM areas WHERE code = '{streetOfLeader}') = ANY (g.ancestor_ids) ORDER BY g.code LIMIT 1");
        var ticket = await ReportInGridAsync(grid, "占道经营");

        var own = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768, user: "leader");
        await Assertions.Expect(own.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ticket);
        var other = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768, user: "leader2");
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Name = "未找到" })).ToBeVisibleAsync();
        await Assertions.Expect(other.GetByText("不在您的管辖范围内")).ToBeVisibleAsync();
        await other.ScreenshotAsync(new() { Path = Shot("not-found-out-of-scope-1366x768.png") });
        await own.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task AWallScreen_OpenedWithItsDeviceToken_OpensTheWall_NeedsNoPasswordAndCannotAct()
    {
        var page = await fixture.OpenAsync($"/device#token={AccessSeeder.DemoWallToken}", 1920, 1080, user: null);
        await page.WaitForURLAsync("**/wall");
        await Assertions.Expect(page.Locator(".wall[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.DoesNotContain(AccessSeeder.DemoWallToken, page.Url, StringComparison.Ordinal);
        // Elsewhere it reads, and cannot act.
        await page.GotoAsync("/map");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "演示大屏 Demo wall" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "上报" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministrator_IssuesAKey_SeesItOnce_AndReadsTheAuditLog()
    {
        var page = await fixture.OpenAsync("/admin/keys", 1366, 768);
        await Assertions.Expect(page.Locator(".admin-keys[data-ready=true]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发放令牌或密钥" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("名称").FillAsync("南门街道大屏");
        await dialog.Locator(".mud-select .mud-input-control").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "指挥大屏" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        var secret = await page.Locator("#secret").InnerTextAsync();
        Assert.True(secret.Length >= 40, secret);
        await page.ScreenshotAsync(new() { Path = Shot("admin-key-issued-1366x768.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "我已保存，关闭" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "南门街道大屏", Exact = true })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".admin-keys[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "南门街道大屏", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(secret)).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("admin-keys-1366x768.png"), FullPage = true });

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator(".admin-users[data-ready=true]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("admin-users-1366x768.png"), FullPage = true });
        await page.GotoAsync("/admin/audit?action=key-created");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "南门街道大屏", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync("/admin/audit");
        await page.ScreenshotAsync(new() { Path = Shot("admin-audit-1366x768.png") });
        await page.Context.CloseAsync();
    }
}
