namespace GridOps.Web.Features.Locate;

/// <summary>
/// Converts GCJ-02 and BD-09 positions to WGS-84. The forward GCJ-02 transform is the
/// published polynomial; its inverse has no closed form, so it is solved by fixed-point
/// iteration, which reaches millimetre agreement in a few steps.
/// </summary>
public static class CoordinateConversion
{
    private const double SemiMajorAxis = 6378245.0;
    private const double EccentricitySquared = 0.00669342162296594323;
    private const double BaiduPi = Math.PI * 3000.0 / 180.0;

    public static (double Lon, double Lat) ToWgs84(CoordinateSystem system, double lon, double lat) => system switch
    {
        CoordinateSystem.Wgs84 => (lon, lat),
        CoordinateSystem.Gcj02 => Gcj02ToWgs84(lon, lat),
        CoordinateSystem.Bd09 => Bd09ToWgs84(lon, lat),
        _ => throw new ArgumentOutOfRangeException(nameof(system)),
    };

    /// <summary>
    /// Converts and checks the result: a BD-09 (-180, -90) converts to a point beyond the world's
    /// edge, which PostGIS stores but every later transform refuses (it broke the hotspot scan, issue 15).
    /// Null, with the reason, when the position in WGS-84 is not on Earth.
    /// </summary>
    public static (double Lon, double Lat)? TryToWgs84(CoordinateSystem system, double lon, double lat, out string? problem)
    {
        problem = null;
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || Math.Abs(lon) > 180 || Math.Abs(lat) > 90)
        {
            problem = "lon must be between -180 and 180 and lat between -90 and 90.";
            return null;
        }

        var (x, y) = ToWgs84(system, lon, lat);
        if (!double.IsFinite(x) || !double.IsFinite(y) || Math.Abs(x) > 180 || Math.Abs(y) > 90)
        {
            problem = $"the position converted from {system.ToString().ToLowerInvariant()} to WGS-84 lies outside -180..180, -90..90; check the coordinate system and the order of lon and lat.";
            return null;
        }

        return (x, y);
    }

    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat)
    {
        // The offset only applies inside mainland China; elsewhere GCJ-02 equals WGS-84.
        if (!IsInsideChina(lon, lat))
        {
            return (lon, lat);
        }

        var dLat = TransformLat(lon - 105.0, lat - 35.0);
        var dLon = TransformLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = 1 - EccentricitySquared * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (SemiMajorAxis * (1 - EccentricitySquared) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (SemiMajorAxis / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lon + dLon, lat + dLat);
    }

    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        var (wgsLon, wgsLat) = (lon, lat);
        for (var i = 0; i < 8; i++)
        {
            var (gLon, gLat) = Wgs84ToGcj02(wgsLon, wgsLat);
            var (errLon, errLat) = (gLon - lon, gLat - lat);
            wgsLon -= errLon;
            wgsLat -= errLat;
            if (Math.Abs(errLon) < 1e-10 && Math.Abs(errLat) < 1e-10)
            {
                break;
            }
        }

        return (wgsLon, wgsLat);
    }

    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat)
    {
        var x = lon - 0.0065;
        var y = lat - 0.006;
        var z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * BaiduPi);
        var theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * BaiduPi);
        return (z * Math.Cos(theta), z * Math.Sin(theta));
    }

    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * BaiduPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * BaiduPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToWgs84(gLon, gLat);
    }

    private static bool IsInsideChina(double lon, double lat) =>
        lon is >= 72.004 and <= 137.8347 && lat is >= 0.8293 and <= 55.8271;

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLon(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
