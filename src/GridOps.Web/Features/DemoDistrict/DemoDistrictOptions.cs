namespace GridOps.Web.Features.DemoDistrict;

public sealed class DemoDistrictOptions
{
    public int Seed { get; set; } = 20261123;

    public string DistrictCode { get; set; } = "YJ";

    public string DistrictName { get; set; } = "云江区";

    public double CentreLongitude { get; set; } = 112.95;

    public double CentreLatitude { get; set; } = 28.21;

    /// <summary>Radius of the district outline; with the spacing it sets the number of micro-grids.</summary>
    public double RadiusMetres { get; set; } = 3_900;

    public double MicroGridSpacingMetres { get; set; } = 120;
}
