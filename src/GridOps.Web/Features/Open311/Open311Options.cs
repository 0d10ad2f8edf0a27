namespace GridOps.Web.Features.Open311;

/// <summary>Open311 settings. Client keys are access keys (issued on /admin/keys, or listed in
/// <c>Open311:ApiKeys</c> and stored hashed at start).</summary>
public sealed class Open311Options
{
    /// <summary>The jurisdiction_id this endpoint answers for; requests naming another are refused.</summary>
    public string JurisdictionId { get; set; } = "gridops";
}
