using System.Globalization;
using GridOps.Web;
using GridOps.Web.Components.Shared;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridOps.ComponentTests.Shared;

/// <summary>Extensions as the district counts them: a working day is its office hours, not 24 h (issue 20, part 2).</summary>
public sealed class WorkingDurationTests
{
    private static readonly IStringLocalizer Text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(UiText));

    [Theory]
    [InlineData(2 * 1440, 1440, "2 个工作日")]     // GridOps' own whole day
    [InlineData(450, 450, "1 个工作日")]           // 08:30–12:00, 13:30–17:30
    [InlineData(1440, 450, "24 工作小时")]         // 24 working hours there are 3.2 office days, not "1 day"
    [InlineData(120, 450, "2 工作小时")]
    [InlineData(90, 1440, "1.5 工作小时")]
    public void ASpan_IsWholeWorkingDaysOfTheDistrictsHours_ElseWorkingHours(int minutes, int minutesPerDay, string expected)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        try
        {
            Assert.Equal(expected, WorkingDuration.Text(Text, minutes, minutesPerDay));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        }
    }
}
