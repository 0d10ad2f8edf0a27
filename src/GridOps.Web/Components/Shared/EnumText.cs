using Microsoft.Extensions.Localization;

namespace GridOps.Web.Components.Shared;

/// <summary>Localized names of enum values: resource key <c>{EnumType}.{Value}</c>.</summary>
public static class EnumText
{
    public static string Of<T>(IStringLocalizer localizer, T value) where T : struct, Enum => localizer[$"{typeof(T).Name}.{value}"];
}
