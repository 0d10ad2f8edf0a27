using GridOps.Web.Features.Incidents;

namespace GridOps.Web.Features.Catalogue;

/// <summary>An incident category (事件类别): its default tier and departments, its codes in the
/// Open311 and 12345 worlds, and per-step limits that override the tier's defaults.</summary>
public sealed class Category
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }

    public CategoryGroup CategoryGroup { get; set; }

    public Tier DefaultTier { get; set; }

    public string[] DepartmentCodes { get; set; } = [];

    /// <summary>Open311 GeoReport v2 <c>service_code</c>.</summary>
    public required string ServiceCode { get; set; }

    /// <summary>The 12345 hotline's category code.</summary>
    public required string HotlineCode { get; set; }

    public int? AcceptLimitMinutes { get; set; }

    public int? DispatchLimitMinutes { get; set; }

    public int? HandleLimitMinutes { get; set; }

    public int? VerifyLimitMinutes { get; set; }

    public bool Active { get; set; } = true;
}

public enum CategoryGroup
{
    Disputes,
    SafetyHazards,
    LivelihoodServices,
    EnvironmentAndSanitation,
    PublicOrder,
    Facilities,
    MarketSupervision,
    PartyAndMassWork,
}
