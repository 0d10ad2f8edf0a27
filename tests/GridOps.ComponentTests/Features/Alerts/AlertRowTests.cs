using GridOps.TestSupport;
using GridOps.Web.Features.Alerts.Pages;
using GridOps.Web.Features.Live;

namespace GridOps.ComponentTests.Features.Alerts;

/// <summary>One alert in the console, as a supervisor reads it in either language.</summary>
public sealed class AlertRowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 30, 0, TimeSpan.FromHours(8));

    private static readonly LiveEvent Raised = new(1, "alert.raised", Now.AddMinutes(-20),
        new LiveIncident(7, "20261203000007", "独居老人需要上门探访", "red", "accepted", true, "onTime", "民生服务", "Livelihood services",
            112.95, 28.21, 1, 2, 3, Now.AddMinutes(-30), Now.AddHours(2)),
        new LiveAlert(5, "redTier", "open", 0, Now.AddMinutes(-20), null, 0, null, null, "raised", 1));

    [Theory]
    [InlineData("en", "Raised 20 minutes ago")]
    [InlineData("zh-CN", "发起于 20分钟前")]
    public async Task WhenItWasRaised_ReadsAsASentence(string culture, string expected)
    {
        var html = await ComponentRenderer.RenderAsync<AlertRow>(new Dictionary<string, object?> { ["Event"] = Raised }, culture, new ManualClock(Now));

        var text = System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(html), "<[^>]+>", "");
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEmptyTemplate_KeepsTheTimeTheLiveScriptFills()
    {
        var html = await ComponentRenderer.RenderAsync<AlertRow>(new Dictionary<string, object?> { ["Event"] = null });

        Assert.Contains("<time data-field=\"raised\"></time>", html, StringComparison.Ordinal);
    }
}
