using System.Globalization;

namespace GridOps.Web.Data;

/// <summary>
/// An enum member as SQL compares it: the number it is stored as, written from its name, so a query
/// reads <c>a.level = {Stored.As(AreaLevel.Grid)}</c> instead of a bare 3 (the numbers are pinned by
/// StoredNumbersTests; the names keep the SQL readable and findable).
/// </summary>
public static class Stored
{
    public static string As<T>(T value) where T : struct, Enum => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    /// <summary>Several members as an SQL list: <c>IN ({Stored.List(NeedState.Claimed, NeedState.Solved)})</c>.</summary>
    public static string List<T>(params T[] values) where T : struct, Enum => string.Join(", ", values.Select(As));
}
