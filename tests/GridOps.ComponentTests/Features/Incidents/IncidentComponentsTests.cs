using GridOps.Web.Features.Access;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Incidents.Pages;

namespace GridOps.ComponentTests.Features.Incidents;

public sealed class IncidentComponentsTests
{
    [Theory]
    [InlineData(Tier.Green, "●", "绿色")]
    [InlineData(Tier.Blue, "■", "蓝色")]
    [InlineData(Tier.Yellow, "▲", "黄色")]
    [InlineData(Tier.Red, "◆", "红色")]
    public async Task TierBadge_EveryTier_HasItsOwnShapeAndName(Tier tier, string shape, string name)
    {
        var html = await ComponentRenderer.RenderAsync<TierBadge>(new Dictionary<string, object?> { ["Tier"] = tier });

        Assert.Contains($"<span class=\"tier-shape\" aria-hidden=\"true\">{shape}</span>{name}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentTimeline_ScriptInAReason_IsRenderedAsText()
    {
        IncidentEvent[] events =
        [
            new() { Seq = 1, Action = IncidentAction.Report, Actor = "网格员", OccurredAt = DateTimeOffset.UnixEpoch },
            new()
            {
                Seq = 2, Action = IncidentAction.Void, Actor = "<b>值班长</b>", Reason = "<script>alert(1)</script>",
                OccurredAt = DateTimeOffset.UnixEpoch.AddHours(1),
            },
        ];

        var html = await ComponentRenderer.RenderAsync<IncidentTimeline>(new Dictionary<string, object?>
        {
            ["Events"] = events,
            ["DepartmentName"] = (Func<string, string>)(code => code),
        });

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;值班长&lt;/b&gt;", html, StringComparison.Ordinal);
        // Newest first: the void is listed before the report.
        Assert.True(html.IndexOf("作废", StringComparison.Ordinal) < html.IndexOf("上报", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AccessRole.GridWorker, "StartHandling", "Void")]
    [InlineData(AccessRole.CommandCentre, "Void", "StartHandling")]
    [InlineData(AccessRole.WallScreen, null, "StartHandling")]
    public void Actions_OfferOnlyWhatTheViewersRoleMayTake(AccessRole role, string? offered, string withheld)
    {
        var viewer = new Viewer(PrincipalKind.User, 1, "u", "用户", role, AccessScope.Everything);
        var actions = GridOps.Web.Features.Incidents.Detail.IncidentActionChoices.For(
            new Incident { TicketNo = "20261123000001", Version = 3, State = IncidentState.Dispatched }, viewer).Select(a => a.ToString()).ToList();

        if (offered is not null)
        {
            Assert.Contains(offered, actions);
        }
        else
        {
            Assert.Empty(actions);
        }

        Assert.DoesNotContain(withheld, actions);
    }
}
