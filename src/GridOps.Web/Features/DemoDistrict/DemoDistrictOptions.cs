namespace GridOps.Web.Features.DemoDistrict;

public sealed class DemoDistrictOptions
{
    /// <summary>Seed of the generated district and its incidents: the same seed, the same district.</summary>
    public int Seed { get; set; } = 20261123;

    /// <summary>Code of the generated district (its streets, communities and grids take it as their prefix).</summary>
    public string DistrictCode { get; set; } = "YJ";

    /// <summary>Name of the generated district.</summary>
    public string DistrictName { get; set; } = "云江区";

    /// <summary>Longitude of its centre (WGS-84).</summary>
    public double CentreLongitude { get; set; } = 112.95;

    /// <summary>Latitude of its centre (WGS-84).</summary>
    public double CentreLatitude { get; set; } = 28.21;

    /// <summary>Radius of the district outline; with the spacing it sets the number of micro-grids.</summary>
    public double RadiusMetres { get; set; } = 3_900;

    /// <summary>Size of a micro-grid: the generated district is cut into cells this wide.</summary>
    public double MicroGridSpacingMetres { get; set; } = 120;
}
