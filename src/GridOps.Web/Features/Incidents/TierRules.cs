using GridOps.Web.Features.Catalogue;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// Tiering by rules (四色分级): the category's default, raised to yellow when two or more
/// departments must act, one colour up for a repeat (two earlier reports of the same category
/// within 200 m and 72 h), and to yellow or red for risk words in the text. The highest wins;
/// every rule that fired is recorded as a token ("category:blue; repeats:2") that pages render.
/// </summary>
public static class TierRules
{
    public const double RepeatRadiusMetres = 200;
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromHours(72);
    public const int RepeatsToRaise = 2;

    private static readonly string[] RedWords = ["爆炸", "燃气泄漏", "煤气泄漏", "天然气泄漏", "火灾", "着火", "坍塌", "倒塌", "跳楼", "轻生", "自杀", "持刀", "伤人", "群体性", "死亡"];
    private static readonly string[] YellowWords = ["冒烟", "漏电", "触电", "裂缝", "倾斜", "围堵", "聚集", "讨薪", "上访", "塌陷", "威胁"];

    public static TierDecision Decide(Category category, int departmentCount, int earlierRepeats, string text)
    {
        var tier = category.DefaultTier;
        var reasons = new List<string> { "category:" + Name(category.DefaultTier) };
        if (departmentCount >= 2 && tier < Tier.Yellow)
        {
            tier = Tier.Yellow;
            reasons.Add("departments:" + departmentCount);
        }

        if (earlierRepeats >= RepeatsToRaise && tier < Tier.Red)
        {
            tier++;
            reasons.Add("repeats:" + earlierRepeats);
        }

        var red = RedWords.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal));
        var yellow = YellowWords.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal));
        if (red is not null && tier < Tier.Red)
        {
            tier = Tier.Red;
            reasons.Add("risk:" + red);
        }
        else if (yellow is not null && tier < Tier.Yellow)
        {
            tier = Tier.Yellow;
            reasons.Add("risk:" + yellow);
        }

        return new TierDecision(tier, string.Join("; ", reasons));
    }

    public static string Name(Tier tier) => tier.ToString().ToLowerInvariant();
}

public sealed record TierDecision(Tier Tier, string Reason);
