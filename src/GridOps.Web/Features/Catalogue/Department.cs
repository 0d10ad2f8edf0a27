namespace GridOps.Web.Features.Catalogue;

/// <summary>A functional department (职能部门) that handles incidents and answers whistles.</summary>
public sealed class Department
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string NameEn { get; set; }

    /// <summary>The district it serves; null serves every district (the shipped bureaus).</summary>
    public long? DistrictId { get; set; }

    /// <summary>When it stopped taking work: offered to nobody, still named on what it handled.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>Whether an incident of this district may be sent to it now.</summary>
    public bool Serves(long? districtId) => RetiredAt is null && (DistrictId is null || DistrictId == districtId);
}
