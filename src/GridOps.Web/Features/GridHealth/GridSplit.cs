namespace GridOps.Web.Features.GridHealth;

/// <summary>A micro-grid as the splitter sees it: households and a point to sort by.</summary>
public sealed record SplitCell(long Id, string Code, string Name, int Households, int Population, double Lon, double Lat);

/// <summary>One proposed grid: the micro-grids it takes, their households, its outline.</summary>
public sealed record SplitPart(int Number, string Code, string Name, IReadOnlyList<SplitCell> MicroGrids, string GeoJson)
{
    public int Households => MicroGrids.Sum(m => m.Households);
}

/// <summary>
/// A suggested split of a grid along its micro-grid boundaries. The first part keeps the grid's code;
/// the others get new codes in the same community. <see cref="Fingerprint"/> names the grid as it was
/// previewed, so applying refuses if anything changed in between.
/// </summary>
public sealed record SplitPreview(string GridCode, string GridName, string? CommunityName, int Households, int Workers, int PartCount,
    IReadOnlyList<SplitPart> Parts, string Fingerprint, double[] Bounds);

/// <summary>
/// Balanced parts by recursive bisection: sort the cells along the longer side of their spread and
/// cut where the running household count comes closest to the share the left half should hold. Parts
/// stay compact because each cut is straight across the remaining cells.
/// </summary>
public static class GridPartition
{
    public static IReadOnlyList<IReadOnlyList<SplitCell>> Split(IReadOnlyList<SplitCell> cells, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, Math.Max(cells.Count, 1));
        var result = new List<IReadOnlyList<SplitCell>>();
        Bisect(cells, parts, result);
        return result;
    }

    private static void Bisect(IReadOnlyList<SplitCell> cells, int parts, List<IReadOnlyList<SplitCell>> result)
    {
        if (parts == 1 || cells.Count <= 1)
        {
            result.Add(cells);
            return;
        }

        // Degrees of longitude are shorter than degrees of latitude away from the equator.
        var scale = Math.Cos(cells.Average(c => c.Lat) * Math.PI / 180);
        var wide = (cells.Max(c => c.Lon) - cells.Min(c => c.Lon)) * scale >= cells.Max(c => c.Lat) - cells.Min(c => c.Lat);
        var sorted = cells.OrderBy(c => wide ? c.Lon : c.Lat).ThenBy(c => wide ? c.Lat : c.Lon).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var leftParts = parts / 2;
        var total = sorted.Sum(c => (double)Math.Max(c.Households, 1));
        var target = total * leftParts / parts;
        // Each side must keep at least as many cells as the parts it will be cut into.
        var (bestCut, bestGap, running) = (leftParts, double.MaxValue, 0.0);
        for (var cut = 1; cut < sorted.Count; cut++)
        {
            running += Math.Max(sorted[cut - 1].Households, 1);
            if (cut < leftParts || sorted.Count - cut < parts - leftParts)
            {
                continue;
            }

            if (Math.Abs(running - target) < bestGap)
            {
                (bestCut, bestGap) = (cut, Math.Abs(running - target));
            }
        }

        Bisect(sorted[..bestCut], leftParts, result);
        Bisect(sorted[bestCut..], parts - leftParts, result);
    }
}
