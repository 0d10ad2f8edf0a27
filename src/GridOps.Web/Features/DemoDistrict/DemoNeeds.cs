using GridOps.Web.Features.Access;
using GridOps.Web.Features.Needs;
using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// The demo's demand and resource lists: a few co-building units with what they offer, and the first
/// street's communities' needs — some claimed, one solved — listed through the same service the
/// pages use, so a newcomer's /needs is not empty. Only where no unit is listed yet.
/// </summary>
public sealed class DemoNeeds(NeedsService needs, NeedsQueries queries, NpgsqlDataSource dataSource)
{
    // Bound to the demo district when seeding (issue 20): its units, communities and needs are the demo's only.
    private Viewer Centre = new(PrincipalKind.User, -1, "demo", "演示指挥中心", AccessRole.CommandCentre, AccessScope.Everything);

    private static readonly (string Name, string Contact, ResourceKind Kind, string Offer)[] Units =
    [
        ("云江区人民医院", "医务科 0731-8800 1200", ResourceKind.Expertise, "每月一次社区义诊，慢病随访"),
        ("云江供电公司", "营业厅 95598", ResourceKind.Volunteers, "党员服务队：老旧小区用电安全检查"),
        ("云江第一中学", "团委 0731-8800 3300", ResourceKind.Venue, "周末开放操场与图书馆"),
        ("湘江律师事务所", "前台 0731-8800 4400", ResourceKind.Expertise, "每周三下午免费法律咨询"),
    ];

    private static readonly (NeedKind Kind, string Title, string Detail)[] Needs =
    [
        (NeedKind.ElderCare, "独居老人助餐", "12 位独居老人需要每日午餐配送"),
        (NeedKind.Health, "慢病老人定期体检", "高血压、糖尿病老人约 40 人，希望每月上门随访"),
        (NeedKind.ChildCare, "双职工家庭暑期托管", "暑期约 25 名小学生无人照看"),
        (NeedKind.Legal, "物业纠纷法律咨询", "小区业主与物业就维修基金使用有争议"),
        (NeedKind.Environment, "老旧小区楼道电线整治", "3 栋楼道飞线充电，存在火灾隐患"),
        (NeedKind.Employment, "失业人员技能培训", "家政、电工等技能培训需求约 15 人"),
        (NeedKind.Culture, "社区文艺活动场地", "广场舞队冬季需要室内活动场地"),
    ];

    public async Task SeedIfEmptyAsync(string districtCode, CancellationToken cancellationToken)
    {
        if (await Districts.DistrictIds.OfCodeAsync(dataSource, districtCode, cancellationToken) is not { } districtId)
        {
            return;
        }

        Centre = Centre with { Scope = new AccessScope(districtId, Hierarchy.AreaLevel.District, null) };

        // Units listed before issue 20 (shared, no district) count as the demo's: an existing demo is not seeded twice.
        await using (var any = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM co_building_units WHERE district_id IS NULL OR district_id = $1)"))
        {
            any.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Centre.Scope.AreaId!.Value });
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        foreach (var unit in Units)
        {
            await needs.AddUnitAsync(Centre, unit.Name, unit.Contact, cancellationToken);
        }

        var units = await queries.UnitsAsync(Centre.Scope, cancellationToken);
        foreach (var unit in units)
        {
            var (_, _, kind, offer) = Units.First(u => u.Name == unit.Name);
            await needs.AddResourceAsync(Centre, unit.Id, kind, offer, null, cancellationToken);
        }

        var communities = (await queries.CommunitiesAsync(Centre.Scope, cancellationToken)).Take(4).ToList();
        for (var n = 0; n < Needs.Length && communities.Count > 0; n++)
        {
            var (kind, title, detail) = Needs[n];
            await needs.ListAsync(Centre, new NeedDraft(communities[n % communities.Count].Code, kind, title, detail, needs.Today.AddDays(14 + n * 5)), cancellationToken);
        }

        // The hospital takes on the check-ups and the law firm the dispute; the check-ups are done.
        var listed = await queries.NeedsAsync(Centre.Scope, NeedState.Listed, cancellationToken);
        await ClaimAsync(listed, "慢病老人定期体检", units, "云江区人民医院", solvedWith: "已建立 40 人随访档案，首次上门体检完成", cancellationToken);
        await ClaimAsync(listed, "物业纠纷法律咨询", units, "湘江律师事务所", solvedWith: null, cancellationToken);
        await ClaimAsync(listed, "老旧小区楼道电线整治", units, "云江供电公司", solvedWith: null, cancellationToken);
    }

    private async Task ClaimAsync(IReadOnlyList<NeedRow> listed, string title, IReadOnlyList<UnitRow> units, string unitName, string? solvedWith,
        CancellationToken cancellationToken)
    {
        if (listed.FirstOrDefault(n => n.Title == title) is not { } need || units.FirstOrDefault(u => u.Name == unitName) is not { } unit)
        {
            return;
        }

        await needs.ClaimAsync(Centre, need.Id, need.Version, unit.Id, cancellationToken);
        if (solvedWith is not null)
        {
            await needs.SolveAsync(Centre, need.Id, need.Version + 1, solvedWith, cancellationToken);
        }
    }
}
