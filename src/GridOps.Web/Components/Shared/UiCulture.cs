using System.Globalization;

namespace GridOps.Web.Components.Shared;

/// <summary>Which of the two languages the current request is in, for data kept in both (names).</summary>
public static class UiCulture
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>
    /// Names in the reader's order: pinyin in Chinese (ICU's zh-CN collation: 安 before 白 before 张),
    /// alphabetical in English. The database sorts by code; pages that list by name sort with this.
    /// </summary>
    public static StringComparer ByName => StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: true);
}
