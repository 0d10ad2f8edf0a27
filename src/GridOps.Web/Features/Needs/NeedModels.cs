namespace GridOps.Web.Features.Needs;

/// <summary>What residents need. Stored as numbers: append only.</summary>
public enum NeedKind : short
{
    ElderCare = 0,
    ChildCare = 1,
    Employment = 2,
    Health = 3,
    Environment = 4,
    Culture = 5,
    Legal = 6,
    Other = 7,
}

/// <summary>Where a need stands: listed, claimed by a co-building unit, solved.</summary>
public enum NeedState : short
{
    Listed = 0,
    Claimed = 1,
    Solved = 2,
}

/// <summary>What a co-building unit offers. Stored as numbers: append only.</summary>
public enum ResourceKind : short
{
    Volunteers = 0,
    Venue = 1,
    Funding = 2,
    Expertise = 3,
    Goods = 4,
    Services = 5,
}

public sealed record NeedRow(long Id, string CommunityCode, string CommunityName, string? StreetName, NeedKind Kind, string Title, string? Detail,
    string ListedBy, DateTimeOffset ListedAt, DateOnly ClaimBy, NeedState State, string? UnitName, string? ClaimedBy, DateTimeOffset? ClaimedAt,
    DateTimeOffset? SolvedAt, string? Outcome, int Version)
{
    /// <summary>Unclaimed past its deadline: on the street's joint-meeting list (大工委联席会议).</summary>
    public bool ForJointMeeting(DateOnly today) => State == NeedState.Listed && ClaimBy < today;
}

public sealed record UnitRow(long Id, string Name, string? StreetName, string? Contact, IReadOnlyList<ResourceRow> Resources, int Claimed, int Solved);

public sealed record ResourceRow(ResourceKind Kind, string Title, string? Detail);

/// <summary>A community's counts: listed, claimed (or solved), solved, and gone to the joint meeting.</summary>
public sealed record NeedCounts(string Code, string Name, int Listed, int Claimed, int Solved, int JointMeeting);
