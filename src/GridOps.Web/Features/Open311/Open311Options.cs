namespace GridOps.Web.Features.Open311;

/// <summary>API keys Open311 clients must send to post requests (configuration <c>Open311:ApiKeys</c>).</summary>
public sealed class Open311Options
{
    public string[] ApiKeys { get; set; } = [];

    /// <summary>The jurisdiction_id this endpoint answers for; requests naming another are refused.</summary>
    public string JurisdictionId { get; set; } = "gridops";
}
