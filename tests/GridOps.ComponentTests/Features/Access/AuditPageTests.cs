using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.Access.Pages;

namespace GridOps.ComponentTests.Features.Access;

/// <summary>The audit log as a circuit renders it: a filter typed in goes into the address and the database answers it.</summary>
public sealed class AuditPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnActorTypedIn_IsInTheAddress_AndOnlyTheirLinesAreListed()
    {
        using var leader = await fixture.App.SignInAsync("leader");
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        screen.Navigation.NavigateTo("/admin/audit");
        var cut = screen.Context.Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".audit").GetAttribute("data-ready")), Soon);
        Assert.Contains(cut.Instance.Lines, l => !l.Actor.Contains("leader", StringComparison.Ordinal));

        await cut.Find("[data-filter=actor] input").ChangeAsync(new() { Value = "leader" });

        Assert.Equal("/admin/audit?actor=leader", screen.Address);
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("tr[data-action] td:nth-child(2)"), c => Assert.Contains("leader", c.TextContent, StringComparison.Ordinal)), Soon);
        Assert.NotEmpty(cut.Instance.Lines);
        Assert.Contains(cut.FindAll("tr[data-action]"), r => r.GetAttribute("data-action") == "sign-in");
    }

    [Fact]
    public async Task DaysInTheAddress_ListThatDaysLines_InTheReadersClock()
    {
        using var leader = await fixture.App.SignInAsync("leader");
        var today = GridOps.Web.Components.Shared.LocalTime.DateOf(fixture.App.Service<TimeProvider>().GetUtcNow(), null).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        screen.Navigation.NavigateTo($"/admin/audit?from={today}&to={today}&actor=leader");

        var cut = screen.Context.Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".audit").GetAttribute("data-ready")), Soon);
        Assert.Contains(cut.Instance.Lines, l => l.Action == "sign-in");
        Assert.All(cut.Instance.Lines, l => Assert.Equal(today, GridOps.Web.Components.Shared.LocalTime.Format(l.At, null)[..10]));
    }
}
