using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.Locate;

public sealed class CoordinateConversionTests
{
    [Theory]
    [InlineData(120.1570, 30.2675)]   // Hangzhou
    [InlineData(116.3975, 39.9087)]   // Beijing
    [InlineData(113.2644, 23.1291)]   // Guangzhou
    public void Gcj02ToWgs84_InvertsTheForwardTransform_ToWithinAMillimetre(double lon, double lat)
    {
        var (gLon, gLat) = CoordinateConversion.Wgs84ToGcj02(lon, lat);
        var (back, backLat) = CoordinateConversion.Gcj02ToWgs84(gLon, gLat);

        Assert.True(Metres(lon, lat, back, backLat) < 0.001, $"round trip off by {Metres(lon, lat, back, backLat)} m");
    }

    [Fact]
    public void Wgs84ToGcj02_InHangzhou_ShiftsByHundredsOfMetres()
    {
        var (gLon, gLat) = CoordinateConversion.Wgs84ToGcj02(120.157, 30.2675);

        Assert.InRange(Metres(120.157, 30.2675, gLon, gLat), 300, 700);
    }

    [Fact]
    public void Bd09ToWgs84_InvertsGcjToBd09ThenWgsToGcj()
    {
        var (gLon, gLat) = CoordinateConversion.Wgs84ToGcj02(120.157, 30.2675);
        var (bLon, bLat) = CoordinateConversion.Gcj02ToBd09(gLon, gLat);

        var (lon, lat) = CoordinateConversion.ToWgs84(CoordinateSystem.Bd09, bLon, bLat);

        Assert.True(Metres(120.157, 30.2675, lon, lat) < 0.5);
        Assert.True(Metres(gLon, gLat, bLon, bLat) > 300, "BD-09 adds its own offset on top of GCJ-02");
    }

    [Fact]
    public void Gcj02ToWgs84_OutsideChina_LeavesThePointAlone()
    {
        Assert.Equal((2.3522, 48.8566), CoordinateConversion.Gcj02ToWgs84(2.3522, 48.8566));
    }

    [Theory]
    [InlineData("gcj02", CoordinateSystem.Gcj02)]
    [InlineData("GCJ-02", CoordinateSystem.Gcj02)]
    [InlineData("bd09", CoordinateSystem.Bd09)]
    [InlineData(null, CoordinateSystem.Wgs84)]
    [InlineData("wgs84", CoordinateSystem.Wgs84)]
    public void CoordinateSystemNames_ParsesDeclaredNames(string? text, CoordinateSystem expected)
    {
        Assert.True(CoordinateSystemNames.TryParse(text, out var system));
        Assert.Equal(expected, system);
    }

    [Fact]
    public void CoordinateSystemNames_RefusesUnknownNames()
    {
        Assert.False(CoordinateSystemNames.TryParse("epsg:3857", out _));
    }

    internal static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        var dx = (lon2 - lon1) * 111_320 * Math.Cos(lat1 * Math.PI / 180);
        var dy = (lat2 - lat1) * 110_540;
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
