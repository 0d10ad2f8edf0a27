namespace GridOps.Web.Features.Hierarchy;

/// <summary>The levels of the grid hierarchy, top to bottom. Stored as small integers.</summary>
public enum AreaLevel : short
{
    District = 0,   // 区 / 县
    Street = 1,     // 街道 / 乡镇
    Community = 2,  // 社区 / 村
    Grid = 3,       // 网格
    MicroGrid = 4,  // 微网格
}

/// <summary>What kind of grid an area is: an ordinary residential grid or a dedicated one (专属网格).</summary>
public enum AreaKind : short
{
    Regular = 0,
    School = 1,
    Hospital = 2,
    Market = 3,
    BusinessBuilding = 4,
    Park = 5,
}
