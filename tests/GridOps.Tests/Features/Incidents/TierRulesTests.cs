using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Incidents;

namespace GridOps.Tests.Features.Incidents;

public sealed class TierRulesTests
{
    private static Category Category(Tier tier) => new() { Code = "c", Name = "邻里纠纷", NameEn = "n", ServiceCode = "1", HotlineCode = "h", DefaultTier = tier };

    [Fact]
    public void Decide_PlainReport_TakesTheCategoryDefault()
    {
        var decision = TierRules.Decide(Category(Tier.Green), 1, 0, "楼道堆放杂物");
        Assert.Equal(Tier.Green, decision.Tier);
        Assert.Equal("category:green", decision.Reason);
    }

    [Fact]
    public void Decide_TwoDepartments_IsAtLeastYellow()
    {
        var decision = TierRules.Decide(Category(Tier.Blue), 2, 0, "占道施工");
        Assert.Equal(Tier.Yellow, decision.Tier);
        Assert.Contains("departments:2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ThirdReportNearby_RaisesOneColour()
    {
        Assert.Equal(Tier.Green, TierRules.Decide(Category(Tier.Green), 1, 1, "噪音").Tier);
        var decision = TierRules.Decide(Category(Tier.Green), 1, 2, "噪音");
        Assert.Equal(Tier.Blue, decision.Tier);
        Assert.Contains("repeats:2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RedRiskWord_IsRedWithTheWordRecorded()
    {
        var decision = TierRules.Decide(Category(Tier.Green), 1, 0, "三楼疑似燃气泄漏，有刺鼻气味");
        Assert.Equal(Tier.Red, decision.Tier);
        Assert.Contains("risk:燃气泄漏", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_YellowRiskWord_NeverLowersARedCategory()
    {
        Assert.Equal(Tier.Yellow, TierRules.Decide(Category(Tier.Green), 1, 0, "外墙出现裂缝").Tier);
        Assert.Equal(Tier.Red, TierRules.Decide(Category(Tier.Red), 1, 0, "外墙出现裂缝").Tier);
    }
}
