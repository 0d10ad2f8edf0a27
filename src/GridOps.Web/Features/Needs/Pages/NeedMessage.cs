using Microsoft.Extensions.Localization;

namespace GridOps.Web.Features.Needs.Pages;

/// <summary>What the needs pages say after a write: the done message, or each refused field with its reason.</summary>
internal static class NeedMessage
{
    public static string Of(IStringLocalizer<UiText> l, NeedOutcome outcome, string doneKey) => outcome.Done ? l[doneKey]
        : string.Join(" ", outcome.Errors.Select(e => $"{l["Needs.Field." + e.Key]}: {l["Needs.Error." + e.Key]}"));
}
