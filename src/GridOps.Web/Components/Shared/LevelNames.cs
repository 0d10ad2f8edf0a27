using GridOps.Web.Features.Hierarchy;
using Microsoft.Extensions.Localization;

namespace GridOps.Web.Components.Shared;

/// <summary>Localized names of levels, kinds and roles, from the UI text resources.</summary>
public static class LevelNames
{
    public static string Of(IStringLocalizer localizer, AreaLevel level) => localizer[$"Level.{level}"];

    /// <summary>The district's own word for the level in the reader's language when it names one (issue 20), else GridOps'.</summary>
    public static string Of(IStringLocalizer localizer, AreaLevel level, Features.Districts.DistrictLevelNames? district) =>
        district?.Of(level, System.Globalization.CultureInfo.CurrentUICulture) ?? Of(localizer, level);

    public static string Of(IStringLocalizer localizer, AreaKind kind) => localizer[$"Kind.{kind}"];

    public static string Of(IStringLocalizer localizer, StaffRole role) => localizer[$"Role.{role}"];
}
