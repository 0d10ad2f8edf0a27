namespace GridOps.Web.Features.Incidents;

/// <summary>The four-colour list (四色清单): who is responsible, from the grid itself up to the county.</summary>
public enum Tier
{
    Green,
    Blue,
    Yellow,
    Red,
}
