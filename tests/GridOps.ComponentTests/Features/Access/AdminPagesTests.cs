using AngleSharp.Dom;
using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access.Pages;
using MudBlazor;

namespace GridOps.ComponentTests.Features.Access;

/// <summary>The administrator's users and keys as a circuit renders them over the demo district: what is refused is said at the field, changes happen in place.</summary>
public sealed class AdminPagesTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ANewGridWorker_RefusedForAShortPassword_IsCreatedWhenFixed_InTheAreaFoundByName()
    {
        var (gridCode, gridName) = await GridAsync();
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var popovers = screen.Context.Render<MudPopoverProvider>();
        var dialogs = screen.Context.Render<MudDialogProvider>();
        screen.Navigation.NavigateTo("/admin/users");
        var cut = screen.Context.Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".admin-users").GetAttribute("data-ready")), Soon);

        // The click's handler waits for the dialog's answer: held, and awaited once the dialog is done.
        var pressing = cut.FindAll(".screen-head button").Single(b => b.TextContent.Trim() == "新建用户").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog input")), Soon);
        await Field(dialogs, "64").InputAsync(new() { Value = "wang-wu" });
        await Field(dialogs, "100").InputAsync(new() { Value = "王五" });
        await dialogs.Find("input[type=password]").InputAsync(new() { Value = "short" });
        await MudInteractions.ChooseAsync(dialogs.Find(".mud-dialog .mud-select .mud-input-control"), popovers, "网格员");
        await MudInteractions.SearchAndPickAsync(dialogs.Find(".mud-dialog .mud-autocomplete input"), popovers, gridName, gridCode);
        await Create(dialogs).ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("密码至少 10 个字符", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(0, await fixture.App.Database.CountAsync("SELECT count(*) FROM users WHERE user_name = 'wang-wu'"));

        await dialogs.Find("input[type=password]").InputAsync(new() { Value = "a-long-enough-password" });
        await Create(dialogs).ClickAsync(new());
        await pressing;

        cut.WaitForAssertion(() => Assert.Equal("已创建： wang-wu", cut.Find("[role=status]").TextContent.Trim()), Soon);
        Assert.Contains("王五", Row(cut, "wang-wu").TextContent, StringComparison.Ordinal);
        Assert.Equal([gridCode], await fixture.App.Database.StringsAsync(
            "SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'wang-wu' AND u.role = 5"));
    }

    [Fact]
    public async Task DisablingAsksFirst_ThenHappensInPlace_AndALockedUserIsUnlocked()
    {
        var (created, _) = await fixture.App.Service<GridOps.Web.Features.Access.UserAccounts>().CreateAsync(
            new GridOps.Web.Features.Access.NewUser("zhao-liu", "赵六", "a-long-enough-password", GridOps.Web.Features.Access.AccessRole.CommandCentre, null, null), "test", CancellationToken.None);
        Assert.NotNull(created);
        await fixture.App.Database.StringsAsync("UPDATE users SET locked_until = now() + interval '15 minutes', failed_sign_ins = 5 WHERE user_name = 'zhao-liu' RETURNING id");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var dialogs = screen.Context.Render<MudDialogProvider>();
        screen.Navigation.NavigateTo("/admin/users");
        var cut = screen.Context.Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".admin-users").GetAttribute("data-ready")), Soon);
        Assert.Contains("已锁定", Row(cut, "zhao-liu").TextContent, StringComparison.Ordinal);
        // No one disables themselves: the administrator's own row offers nothing.
        Assert.Empty(Row(cut, "admin").QuerySelectorAll("button"));

        await Button(Row(cut, "zhao-liu"), "解锁").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("正常", Row(cut, "zhao-liu").TextContent, StringComparison.Ordinal), Soon);

        var pressing = Button(Row(cut, "zhao-liu"), "停用").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("所有登录会话立即结束", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(0, await fixture.App.Database.CountAsync("SELECT count(*) FROM users WHERE user_name = 'zhao-liu' AND disabled"));
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "停用").ClickAsync(new());
        await pressing;

        cut.WaitForAssertion(() => Assert.Contains("已停用", Row(cut, "zhao-liu").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM users WHERE user_name = 'zhao-liu' AND disabled AND locked_until IS NULL"));
        Assert.Equal(["user-created", "user-unlocked", "user-disabled"], await fixture.App.Database.StringsAsync("SELECT action FROM audit_log WHERE target = 'zhao-liu' ORDER BY id"));
    }

    [Fact]
    public async Task AWallToken_IsShownOnceInTheDialog_ThenOnlyItsHint_AndRevokedAfterAsking()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var popovers = screen.Context.Render<MudPopoverProvider>();
        var dialogs = screen.Context.Render<MudDialogProvider>();
        screen.Navigation.NavigateTo("/admin/keys");
        var cut = screen.Context.Render<KeysPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".admin-keys").GetAttribute("data-ready")), Soon);

        var issuing = cut.FindAll(".screen-head button").Single(b => b.TextContent.Trim() == "发放令牌或密钥").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog input")), Soon);
        await Field(dialogs, "100").InputAsync(new() { Value = "东门街道大屏" });
        await MudInteractions.ChooseAsync(dialogs.Find(".mud-dialog .mud-select .mud-input-control"), popovers, "指挥大屏");
        await Create(dialogs).ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("只显示这一次", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Soon);
        var secret = dialogs.Find("#secret").TextContent;
        Assert.True(secret.Length >= 40, secret);
        Assert.Contains($"/device#token={secret}", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        await dialogs.FindAll(".mud-dialog-actions button").Single().ClickAsync(new());
        await issuing;

        cut.WaitForAssertion(() => Assert.Contains(secret[..6], Row(cut, "东门街道大屏").TextContent, StringComparison.Ordinal), Soon);
        Assert.DoesNotContain(secret, cut.Markup, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll(".mud-dialog"));

        var revoking = Button(Row(cut, "东门街道大屏"), "吊销").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("立即失去访问", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Soon);
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "吊销").ClickAsync(new());
        await revoking;
        cut.WaitForAssertion(() => Assert.Contains("已吊销", Row(cut, "东门街道大屏").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync("SELECT count(*) FROM access_keys WHERE name = '东门街道大屏' AND revoked_at IS NOT NULL"));
    }

    private async Task<(string Code, string Name)> GridAsync()
    {
        var found = await fixture.App.Database.StringsAsync("SELECT code || '|' || name FROM areas WHERE level = 3 AND retired_at IS NULL ORDER BY code LIMIT 1");
        var parts = found[0].Split('|');
        return (parts[0], parts[1]);
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string maxLength) =>
        dialogs.FindAll(".mud-dialog input").First(i => i.GetAttribute("maxlength") == maxLength && i.GetAttribute("type") != "password");

    private static IElement Create(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "创建");

    private static IElement Row<T>(IRenderedComponent<T> cut, string name) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("tbody tr").Single(r => r.QuerySelector("td")!.TextContent.Trim() == name);

    private static IElement Button(IElement row, string name) => row.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == name);
}
