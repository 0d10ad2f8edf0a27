namespace GridOps.Web.Features.Open311;

/// <summary>Open311 settings. Client keys are access keys (issued on /admin/keys, or listed in
/// <c>Open311:ApiKeys</c> and stored hashed at start).</summary>
public sealed class Open311Options
{
    /// <summary>The jurisdiction_id this endpoint answers for (every district); a request may instead name one district by its
    /// code, and must when it has no point and GridOps serves several districts. Any other is refused.</summary>
    public string JurisdictionId { get; set; } = "gridops";
}
