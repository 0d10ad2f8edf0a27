using System.Globalization;
using Bunit;
using GridOps.Web.Features.Alerts.Console;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components.Web;

namespace GridOps.ComponentTests.Features.Alerts;

/// <summary>
/// The supervisors' console as a circuit renders it: alerts arrive from the live stream (a channel
/// the test writes), actions reach the real database, and the keyboard works the list.
/// </summary>
public sealed class AlertConsolePageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    /// <summary>The group the console follows: the demo supervisor is the demo district's, so its district's group, not everything's.</summary>
    private static string DistrictGroup(ScreenContext screen)
    {
        var group = Assert.Single(screen.Live.Open).Group;
        Assert.StartsWith("district:", group, StringComparison.Ordinal);
        return group;
    }

    [Fact]
    public async Task ANewRedAlert_AppearsAtTheTop_CountsAsOpen_AndMarksTheTitle()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "supervisor");
        var cut = screen.Context.Render<AlertConsolePage>();
        WaitUntilLoaded(cut);
        var before = OpenCount(cut);
        screen.WaitForTitle(title => Assert.Equal("告警督办台 · GridOps", title));

        var raised = await fixture.RaiseRedAlertAsync("化工厂围墙外有刺鼻气味");
        screen.Live.Push(DistrictGroup(screen), raised);

        cut.WaitForAssertion(() => Assert.Equal(raised.Incident.Ticket, cut.Find(".alert-card").GetAttribute("data-ticket")), Soon);
        Assert.Equal(before + 1, OpenCount(cut));
        Assert.Contains("化工厂围墙外有刺鼻气味", cut.Find(".alert-card .alert-title").TextContent, StringComparison.Ordinal);
        screen.WaitForTitle(title => Assert.StartsWith("【1 条新红色告警】", title, StringComparison.Ordinal));

        // Any key the supervisor presses means they have seen it.
        await cut.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "j" });
        screen.WaitForTitle(title => Assert.Equal("告警督办台 · GridOps", title));
    }

    [Fact]
    public async Task TwoConsolesAcknowledgeOneAlert_OneSaysDone_TheOtherSaysWhoActedFirstAndWhen()
    {
        var raised = await fixture.RaiseRedAlertAsync("加油站旁电缆裸露");
        await using var commandScreen = await ScreenContext.CreateAsync(fixture.App, "command");
        await using var supervisorScreen = await ScreenContext.CreateAsync(fixture.App, "supervisor");
        var consoles = new[] { commandScreen.Context.Render<AlertConsolePage>(), supervisorScreen.Context.Render<AlertConsolePage>() };
        foreach (var console in consoles)
        {
            // Newest first: the alert just raised is selected.
            console.WaitForAssertion(() => Assert.Equal(raised.Incident.Ticket, console.Find(".alert-card.selected").GetAttribute("data-ticket")), Soon);
        }

        await Task.WhenAll(consoles.Select(c => c.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "a" })));

        var outcomes = consoles.Select(c => c.Find($".alert-card[data-ticket='{raised.Incident.Ticket}'] [data-field=outcome]")).ToArray();
        var winner = Assert.Single(outcomes, o => o.ClassList.Contains("ok"));
        var loser = Assert.Single(outcomes, o => o.ClassList.Contains("conflict"));
        Assert.Equal("已确认", winner.TextContent);
        var winnerName = winner == outcomes[0] ? "(command)" : "(supervisor)";
        Assert.Matches($@"^未生效：.*{System.Text.RegularExpressions.Regex.Escape(winnerName)} 已于 \d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}} 确认了此告警$", loser.TextContent);
        // The loser's card already shows the alert as it now stands, before any event arrives.
        foreach (var console in consoles)
        {
            Assert.Equal("acknowledged", console.Find($".alert-card[data-ticket='{raised.Incident.Ticket}']").GetAttribute("data-state"));
        }
    }

    [Fact]
    public async Task JAndK_MoveTheSelection_AndEscalateAsksForAReasonBeforeSending()
    {
        await fixture.RaiseRedAlertAsync("桥下积水过膝");
        await fixture.RaiseRedAlertAsync("电梯困人");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "supervisor");
        var cut = screen.Context.Render<AlertConsolePage>();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll(".alert-card").Count >= 2), Soon);
        var cards = cut.FindAll(".alert-card").Select(c => c.GetAttribute("data-alert-id")).ToArray();
        Assert.Equal(cards[0], cut.Find(".alert-card.selected").GetAttribute("data-alert-id"));

        await cut.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "j" });
        Assert.Equal(cards[1], cut.Find(".alert-card.selected").GetAttribute("data-alert-id"));
        await cut.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "k" });
        await cut.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "k" });
        Assert.Equal(cards[0], cut.Find(".alert-card.selected").GetAttribute("data-alert-id"));

        var provider = screen.Context.Render<MudBlazor.MudDialogProvider>();
        // The key's handler waits for the dialog to close: press now, answer below.
        var pressing = cut.Find(".alert-list").KeyDownAsync(new KeyboardEventArgs { Key = "e" });
        provider.WaitForAssertion(() => Assert.Contains("升级理由", provider.Markup, StringComparison.Ordinal), Soon);
        var send = provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交");
        Assert.True(send.HasAttribute("disabled"), "an empty reason cannot be sent");

        await provider.Find("textarea").InputAsync(new() { Value = "三小时无人响应，请区里协调" });
        provider.WaitForAssertion(() => Assert.False(provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交").HasAttribute("disabled")), Soon);
        await provider.FindAll("button").Single(b => b.TextContent.Trim() == "提交").ClickAsync(new());
        await pressing;

        cut.WaitForAssertion(() => Assert.Equal("已升级", cut.Find(".alert-card.selected [data-field=outcome]").TextContent), Soon);
        Assert.Equal(1, await fixture.App.Database.CountAsync(
            $"SELECT count(*) FROM alert_notes WHERE alert_id = {cards[0]} AND text = '三小时无人响应，请区里协调'"));
    }

    [Fact]
    public async Task AStormOfEvents_RendersAtMostOnceAGap_AndLeavingTheConsoleUnsubscribes()
    {
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "supervisor");
        var cut = screen.Context.Render<AlertConsolePage>();
        WaitUntilLoaded(cut);
        var template = await fixture.RaiseRedAlertAsync("暴雨导致多处积水");
        var openBefore = OpenCount(cut);
        var rendersBefore = cut.Instance.LiveRenders;
        var shown = cut.Instance.Inbox.Alerts.Count;
        // Renders are what a bUnit wait would watch for, and the storm must not cause them: wait on the console applying it instead.
        var stormApplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cut.Instance.DeliveryApplied += () =>
        {
            if (cut.Instance.Inbox.Alerts.Count == shown + 300)
            {
                stormApplied.TrySetResult();
            }
        };

        // A storm: 300 alerts in 50 batches, faster than anyone can read, while the clock stands still.
        for (var batch = 0; batch < 50; batch++)
        {
            screen.Live.Push(DistrictGroup(screen), [.. Enumerable.Range(1, 6).Select(i => batch * 6 + i)
                .Select(n => template with { Seq = template.Seq + n, Alert = template.Alert! with { Id = -n } })]);
        }

        await stormApplied.Task.WaitAsync(Soon);
        // The first batch renders at once; every later one waits for the gap, which has not passed.
        Assert.Equal(1, cut.Instance.LiveRenders - rendersBefore);
        screen.Clock.Advance(LiveScreen.RenderGap);
        // One render shows the whole storm: all counted, the newest on top (only the cards in view are drawn).
        cut.WaitForAssertion(() => Assert.Equal(openBefore + 300, OpenCount(cut)), Soon);
        Assert.Equal("-300", cut.Find(".alert-card").GetAttribute("data-alert-id"));
        Assert.Equal(2, cut.Instance.LiveRenders - rendersBefore);

        await screen.Context.DisposeComponentsAsync();
        Assert.Empty(screen.Live.Open);
    }

    private static void WaitUntilLoaded(IRenderedComponent<AlertConsolePage> cut) =>
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find(".alert-list").GetAttribute("aria-busy")), Soon);

    private static int OpenCount(IRenderedComponent<AlertConsolePage> cut) =>
        int.Parse(cut.Find("[data-open-count]").TextContent, CultureInfo.InvariantCulture);
}
