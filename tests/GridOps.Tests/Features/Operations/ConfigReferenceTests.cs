using GridOps.TestSupport;
using GridOps.Web.Platform.Configuration;

namespace GridOps.Tests.Features.Operations;

/// <summary>
/// docs/operations.md lists every setting as the options classes have it: a new setting, a changed
/// default or an undocumented property fails here, with the command that writes the table again.
/// </summary>
public sealed class ConfigReferenceTests
{
    [Fact]
    public void EveryOptionsClass_IsInTheReference_AndEverySettingSaysWhatItDoes()
    {
        var listed = ConfigReference.Sections.Select(s => s.Options).ToHashSet();
        var optionsClasses = typeof(Program).Assembly.GetTypes()
            // Settings are mutable classes; a record named *Options is an argument, not configuration.
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetMethod("<Clone>$") is null
                && t.Namespace?.StartsWith("GridOps.Web", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(optionsClasses);
        Assert.All(optionsClasses, t => Assert.True(listed.Contains(t), $"{t.FullName} is bound to configuration but missing from ConfigReference.Sections"));

        var undocumented = ConfigReference.Settings().Where(s => string.IsNullOrWhiteSpace(s.Description)).Select(s => s.Key).ToList();
        Assert.True(undocumented.Count == 0, "settings without a comment on their property: " + string.Join(", ", undocumented));
        Assert.Contains(ConfigReference.Settings(), s => s.Key == "Access:MetricsScrapers");
        Assert.Contains(ConfigReference.Settings(), s => s.Key == "WorkingTime:Red:Accept" && s.Default == "`30`");
    }

    [Fact]
    public void TheOperationsPage_CarriesTheGeneratedReference()
    {
        var page = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "docs", "operations.md")).ReplaceLineEndings("\n");
        var start = page.IndexOf(ConfigReference.Start, StringComparison.Ordinal);
        var end = page.IndexOf(ConfigReference.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/operations.md has no generated configuration reference");
        var onPage = page[start..(end + ConfigReference.End.Length + 1)];
        Assert.True(onPage == ConfigReference.Markdown(),
            "docs/operations.md's configuration reference differs from the options classes: put the output of './gridops config-reference' between its markers");
    }
}
