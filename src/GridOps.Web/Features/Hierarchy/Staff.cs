namespace GridOps.Web.Features.Hierarchy;

/// <summary>The roles of a grid's team, "一长一警两员+N".</summary>
public enum StaffRole : short
{
    GridLeader = 0,        // 网格长
    PoliceOfficer = 1,     // 网格警
    FullTimeWorker = 2,    // 专职网格员
    PartTimeWorker = 3,    // 兼职网格员
    PartyMember = 4,       // 党员
    Volunteer = 5,         // 志愿者
    DepartmentStaff = 6,   // 部门下沉人员
    BuildingHead = 7,      // 楼栋长 / 邻里长 (micro-grid lead)
}

/// <summary>A person who works the grids, identified by a real-name code (实名编码).</summary>
public sealed class Staff
{
    public long Id { get; set; }

    public required string RealNameCode { get; set; }

    public required string Name { get; set; }

    public List<StaffAssignment> Assignments { get; set; } = [];
}

/// <summary>A staff member's role in one area (usually a grid or micro-grid).</summary>
public sealed class StaffAssignment
{
    public long Id { get; set; }

    public long StaffId { get; set; }

    public long AreaId { get; set; }

    public StaffRole Role { get; set; }
}
