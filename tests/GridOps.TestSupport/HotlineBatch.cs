using System.Globalization;

namespace GridOps.TestSupport;

/// <summary>A 12345 batch in the JSON form POST /api/hotline/tickets takes: many tickets over a few places (an alert storm).</summary>
public static class HotlineBatch
{
    /// <param name="points">"lon,lat" strings (from SQL), used in turn.</param>
    public static List<Dictionary<string, object>> Storm(string prefix, int count, IReadOnlyList<string> points, string category, string description) =>
    [
        .. Enumerable.Range(0, count).Select(i =>
        {
            var point = points[i % points.Count].Split(',');
            return new Dictionary<string, object>
            {
                ["ticket_id"] = $"{prefix}-{i:D4}",
                ["category_code"] = category,
                ["description"] = $"{description} {i}",
                ["lon"] = double.Parse(point[0], CultureInfo.InvariantCulture),
                ["lat"] = double.Parse(point[1], CultureInfo.InvariantCulture),
            };
        }),
    ];
}
