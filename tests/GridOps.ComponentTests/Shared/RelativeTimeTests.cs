using GridOps.TestSupport;
using GridOps.Web.Components.Shared;

namespace GridOps.ComponentTests.Shared;

/// <summary>Moments as people say them, in both languages, with the exact local time on hover.</summary>
public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(-30, "zh-CN", "刚刚")]
    [InlineData(-60, "zh-CN", "1分钟前")]
    [InlineData(20 * 60, "zh-CN", "20分钟后")]
    [InlineData(-3 * 3600 - 59, "zh-CN", "3小时前")]
    [InlineData(47 * 3600, "zh-CN", "47小时后")]
    [InlineData(-3 * 86400, "zh-CN", "3天前")]
    [InlineData(-30, "en", "just now")]
    [InlineData(60, "en", "in 1 minute")]
    [InlineData(-20 * 60, "en", "20 minutes ago")]
    [InlineData(3600, "en", "in 1 hour")]
    [InlineData(-86400 * 2, "en", "2 days ago")]
    public async Task AMoment_ReadsAsTheBrowsersRelativeTimeFormatWouldSayIt(int secondsFromNow, string culture, string expected)
    {
        var html = await ComponentRenderer.RenderAsync<RelativeTime>(
            new Dictionary<string, object?> { ["At"] = Now.AddSeconds(secondsFromNow) }, culture, new ManualClock(Now));

        Assert.Contains($">{expected}</time>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExactTime_IsKeptForHoverAndForMachines()
    {
        var html = System.Net.WebUtility.HtmlDecode(await ComponentRenderer.RenderAsync<RelativeTime>(
            new Dictionary<string, object?> { ["At"] = Now.AddMinutes(45) }, "zh-CN", new ManualClock(Now)));

        Assert.Contains("datetime=\"2026-11-30T11:15:00+08:00\"", html, StringComparison.Ordinal);
        Assert.Contains("title=\"2026-11-30 11:15\"", html, StringComparison.Ordinal);
        Assert.Contains("data-relative", html, StringComparison.Ordinal);
    }
}
