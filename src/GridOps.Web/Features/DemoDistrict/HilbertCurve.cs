namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// Position along a Hilbert curve. Cutting a Hilbert-ordered list into consecutive runs gives
/// compact, contiguous groups, which is how the demo nests micro-grids into grids and upward.
/// </summary>
internal static class HilbertCurve
{
    public static long IndexOf(int x, int y, int order)
    {
        long index = 0;
        for (var s = 1 << (order - 1); s > 0; s >>= 1)
        {
            var rx = (x & s) > 0 ? 1 : 0;
            var ry = (y & s) > 0 ? 1 : 0;
            index += (long)s * s * ((3 * rx) ^ ry);
            if (ry == 0)
            {
                if (rx == 1)
                {
                    x = s - 1 - x;
                    y = s - 1 - y;
                }

                (x, y) = (y, x);
            }
        }

        return index;
    }
}
