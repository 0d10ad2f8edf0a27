using System.Globalization;
using System.Xml.Linq;
using Bunit;
using GridOps.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GridOps.ComponentTests.Shared;

/// <summary>Every word on screen in both languages, MudBlazor's own included.</summary>
public sealed class UiTextTests
{
    [Fact]
    public void EveryChineseText_HasItsEnglish_ExceptMudBlazorsOwn()
    {
        var chinese = Keys("UiText.resx");
        var english = Keys("UiText.en.resx");
        var missing = chinese.Where(k => !k.StartsWith("Mud.", StringComparison.Ordinal) && !english.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no English for: " + string.Join(", ", missing));
        Assert.DoesNotContain(english, k => !chinese.Contains(k));
    }

    [Theory]
    [InlineData("zh-CN", "下一页", "最后一页")]
    [InlineData("en", "Next page", "Last page")]
    public async Task MudBlazorsOwnWords_FollowThePagesLanguage(string culture, string next, string last)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await using var ctx = new BunitContext();
            ctx.JSInterop.Mode = JSRuntimeMode.Loose;
            ctx.Services.AddMudServices();
            ctx.Services.AddLocalization(o => o.ResourcesPath = "Resources");
            ctx.Services.AddTransient<MudLocalizer, GridOps.Web.Components.Layout.MudTexts>();

            var pagination = ctx.Render<MudPagination>(p => p.Add(x => x.Count, 5).Add(x => x.ShowFirstButton, true).Add(x => x.ShowLastButton, true));

            var labels = pagination.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")).ToList();
            Assert.Contains(next, labels);
            Assert.Contains(last, labels);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = previous;
        }
    }

    private static HashSet<string> Keys(string file) =>
        [.. XDocument.Load(Path.Combine(SharedData.RepositoryRoot, "src", "GridOps.Web", "Resources", file)).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!)];
}
