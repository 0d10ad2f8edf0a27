using System.Globalization;
using GridOps.Web.Components.Shared;

namespace GridOps.ComponentTests.Shared;

/// <summary>Lists by name read in the reader's order: pinyin in Chinese, alphabetical in English.</summary>
public sealed class UiCultureTests
{
    private static readonly string[] ChineseNames = ["张家食品店", "区人民医院", "安居物业", "白沙供电所"];
    private static readonly string[] EnglishNames = ["cherry", "apple", "Banana"];

    [Fact]
    public void ByName_InChinese_IsPinyinOrder_AndInEnglish_Alphabetical()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal(["安居物业", "白沙供电所", "区人民医院", "张家食品店"], ChineseNames.Order(UiCulture.ByName));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal(["apple", "Banana", "cherry"], EnglishNames.Order(UiCulture.ByName));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
