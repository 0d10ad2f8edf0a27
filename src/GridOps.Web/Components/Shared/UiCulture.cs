using System.Globalization;

namespace GridOps.Web.Components.Shared;

/// <summary>Which of the two languages the current request is in, for data kept in both (names).</summary>
public static class UiCulture
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
}
