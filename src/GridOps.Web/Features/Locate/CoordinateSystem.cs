namespace GridOps.Web.Features.Locate;

/// <summary>The coordinate systems a caller may declare. Storage is always WGS-84.</summary>
public enum CoordinateSystem
{
    Wgs84,
    // GCJ-02: the obfuscated datum Chinese web maps deliver (AMap, Tencent, Google China).
    Gcj02,
    // BD-09: Baidu's further offset on top of GCJ-02.
    Bd09,
}

public static class CoordinateSystemNames
{
    public static bool TryParse(string? text, out CoordinateSystem system)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "wgs84" or "wgs-84" or "epsg:4326" or "cgcs2000":
                system = CoordinateSystem.Wgs84;
                return true;
            case "gcj02" or "gcj-02":
                system = CoordinateSystem.Gcj02;
                return true;
            case "bd09" or "bd-09":
                system = CoordinateSystem.Bd09;
                return true;
            default:
                system = default;
                return false;
        }
    }
}
