using System.Globalization;
using System.Text.Json;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Features.Districts;

/// <summary>
/// What a district calls its levels in each language (issue 20, part 7): a borough, a community district, an area
/// where GridOps says 街道, 社区, 网格. A level or language a district does not name keeps GridOps' own word.
/// </summary>
public sealed class DistrictLevelNames
{
    public const int MaxName = 30;

    /// <summary>The languages a district may name its levels in: the UI's own.</summary>
    public static readonly string[] Languages = ["zh-CN", "en"];

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<AreaLevel, string>> _names;

    private DistrictLevelNames(IReadOnlyDictionary<string, IReadOnlyDictionary<AreaLevel, string>> names) => _names = names;

    /// <summary>The district's word for a level in the reader's language, or null for GridOps' own.</summary>
    public string? Of(AreaLevel level, CultureInfo culture)
    {
        var language = culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
        return _names.TryGetValue(language, out var levels) && levels.TryGetValue(level, out var name) ? name : null;
    }

    /// <summary>As the settings carry it: language → level name (Street, Community, …) → word.</summary>
    public Dictionary<string, Dictionary<string, string>> ToJson() =>
        _names.ToDictionary(l => l.Key, l => l.Value.ToDictionary(n => n.Key.ToString(), n => n.Value));

    /// <summary>Reads what was stored (checked when written); null for nothing named.</summary>
    public static DistrictLevelNames? FromStored(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json) ?? [];
        var (names, _) = Check(raw);
        return names;
    }

    /// <summary>Checks an edit: the names, or the problems by field (levelNames.en.Street …). Empty names nothing.</summary>
    public static (DistrictLevelNames? Names, Dictionary<string, string[]> Errors) Check(IReadOnlyDictionary<string, Dictionary<string, string>> raw)
    {
        var errors = new Dictionary<string, string[]>();
        var names = new Dictionary<string, IReadOnlyDictionary<AreaLevel, string>>(StringComparer.Ordinal);
        foreach (var (language, levels) in raw)
        {
            if (!Languages.Contains(language, StringComparer.Ordinal))
            {
                errors[$"levelNames.{Shown(language)}"] = [$"Name levels in {string.Join(" or ", Languages)}."];
                continue;
            }

            var words = new Dictionary<AreaLevel, string>();
            foreach (var (levelName, word) in levels ?? [])
            {
                var field = $"levelNames.{language}.{Shown(levelName)}";
                if (!Enum.TryParse<AreaLevel>(levelName, ignoreCase: false, out var level) || !Enum.IsDefined(level) || int.TryParse(levelName, out _))
                {
                    errors[field] = [$"A level is one of {string.Join(", ", Enum.GetNames<AreaLevel>())}."];
                }
                else if (string.IsNullOrWhiteSpace(word) || word.Trim().Length > MaxName || word.Any(char.IsControl))
                {
                    errors[field] = [$"A name of 1–{MaxName} characters without control characters."];
                }
                else
                {
                    words[level] = word.Trim();
                }
            }

            if (words.Count > 0)
            {
                names[language] = words;
            }
        }

        return (errors.Count > 0 || names.Count == 0 ? null : new DistrictLevelNames(names), errors);
    }

    private static string Shown(string text) => text.Length > 40 || text.Any(char.IsControl) ? "(unreadable)" : text;
}
