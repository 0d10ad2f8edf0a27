using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Needs;

namespace GridOps.Tests.Features.Needs;

/// <summary>The demand list, claims by co-building units, results, and the joint meeting for needs nobody claimed.</summary>
public sealed class NeedsTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private NeedsService _needs = null!;
    private NeedsQueries _queries = null!;
    private Viewer _community = null!;
    private Viewer _otherCommunity = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        _needs = _app.Service<NeedsService>();
        _queries = _app.Service<NeedsQueries>();
        _community = await CommunityStaffAsync("BS-1");
        _otherCommunity = await CommunityStaffAsync("BS-2");
        await _needs.AddUnitAsync(Viewer.System, "区人民医院", "0571-0000", CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ANeed_IsListedClaimedAndSolved_AndTheCountsFollow()
    {
        Assert.True((await _needs.ListAsync(_community, Draft("老人助餐"), CancellationToken.None)).Done);
        var need = Assert.Single(await _queries.NeedsAsync(_community.Scope, null, CancellationToken.None));
        var unit = Assert.Single(await _queries.UnitsAsync(AccessScope.Everything, CancellationToken.None));

        Assert.True((await _needs.ClaimAsync(_community, need.Id, need.Version, unit.Id, CancellationToken.None)).Done);
        var claimed = Assert.Single(await _queries.NeedsAsync(_community.Scope, NeedState.Claimed, CancellationToken.None));
        Assert.Equal("区人民医院", claimed.UnitName);
        Assert.True((await _needs.SolveAsync(_community, need.Id, claimed.Version, "每周二、四送餐 12 户", CancellationToken.None)).Done);

        var counts = Assert.Single(await _queries.CountsAsync(AccessScope.Everything, _needs.Today, CancellationToken.None));
        Assert.Equal(("BS-1", 1, 1, 1, 0), (counts.Code, counts.Listed, counts.Claimed, counts.Solved, counts.JointMeeting));
        Assert.Equal((1, 1), (await _queries.UnitsAsync(AccessScope.Everything, CancellationToken.None)).Select(u => (u.Claimed, u.Solved)).Single());
    }

    [Fact]
    public async Task TwoClaimsFromTheSameVersion_OnlyTheFirstWins()
    {
        await _needs.ListAsync(_community, Draft("社区义诊"), CancellationToken.None);
        await _needs.AddUnitAsync(Viewer.System, "某银行支行", null, CancellationToken.None);
        var need = Assert.Single(await _queries.NeedsAsync(_community.Scope, null, CancellationToken.None));
        var units = await _queries.UnitsAsync(AccessScope.Everything, CancellationToken.None);

        var first = await _needs.ClaimAsync(_community, need.Id, need.Version, units[0].Id, CancellationToken.None);
        var second = await _needs.ClaimAsync(Viewer.System, need.Id, need.Version, units[1].Id, CancellationToken.None);

        Assert.True(first.Done);
        Assert.False(second.Done);
        Assert.Equal("version", Assert.Single(second.Errors).Key);
    }

    [Fact]
    public async Task BadOrOutOfScopeNeeds_AreRefusedWithTheField_AndNothingIsStored()
    {
        Assert.Equal("title", Assert.Single((await _needs.ListAsync(_community, Draft(""), CancellationToken.None)).Errors).Key);
        Assert.Equal("claimBy", Assert.Single((await _needs.ListAsync(_community, Draft("x") with { ClaimBy = _needs.Today.AddDays(-1) }, CancellationToken.None)).Errors).Key);
        Assert.Equal("detail", Assert.Single((await _needs.ListAsync(_community, Draft("x") with { Detail = new string('长', 2001) }, CancellationToken.None)).Errors).Key);
        Assert.Equal("community", Assert.Single((await _needs.ListAsync(_otherCommunity, Draft("不是我的社区"), CancellationToken.None)).Errors).Key);
        Assert.Equal("name", Assert.Single((await _needs.AddUnitAsync(Viewer.System, "区人民医院", null, CancellationToken.None)).Errors).Key);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM needs"));
        // And a community sees only its own needs.
        await _needs.ListAsync(_community, Draft("健身器材维修"), CancellationToken.None);
        Assert.Empty(await _queries.NeedsAsync(_otherCommunity.Scope, null, CancellationToken.None));
    }

    [Fact]
    public async Task ANeedNobodyClaimedByItsDeadline_GoesToTheStreetsJointMeetingForThatQuarter()
    {
        await _needs.ListAsync(_community, Draft("加装电梯协调") with { ClaimBy = new DateOnly(2026, 12, 10) }, CancellationToken.None);
        var quarter = new DateOnly(2026, 10, 1);
        Assert.Empty(await _queries.JointMeetingAsync(AccessScope.Everything, quarter, _needs.Today, CancellationToken.None));

        _clock.Advance(TimeSpan.FromDays(20));                     // 13 December: the deadline has passed

        var item = Assert.Single(await _queries.JointMeetingAsync(AccessScope.Everything, quarter, _needs.Today, CancellationToken.None));
        Assert.Equal("加装电梯协调", item.Title);
        Assert.NotNull(item.StreetName);
        Assert.True(item.ForJointMeeting(_needs.Today));
        Assert.Empty(await _queries.JointMeetingAsync(AccessScope.Everything, quarter.AddMonths(3), _needs.Today, CancellationToken.None));
        Assert.Equal(1, Assert.Single(await _queries.CountsAsync(AccessScope.Everything, _needs.Today, CancellationToken.None)).JointMeeting);
    }

    private NeedDraft Draft(string title) => new("BS-1", NeedKind.ElderCare, title, "楼里行动不便的老人", _needs.Today.AddDays(14));

    private async Task<Viewer> CommunityStaffAsync(string code)
    {
        var id = await _app.Database.CountAsync($"SELECT id FROM areas WHERE code = '{code}'");
        return new Viewer(PrincipalKind.User, 0, "community", "社区工作人员", AccessRole.CommunityStaff, new AccessScope(id, AreaLevel.Community, null));
    }
}
