using System.Globalization;
using Microsoft.Extensions.Localization;

namespace GridOps.Web.Features.Access.Pages;

/// <summary>
/// The admin dialogs' per-field messages in the reader's language. The services name the refused fields
/// (userName, password, areaCode…) with an English reason for logs and the command line; a field the
/// resources know is explained by its rule, any other by the service's own words.
/// </summary>
internal static class FieldProblems
{
    public static string? Of(IStringLocalizer text, IReadOnlyDictionary<string, string[]> errors, string field, int minimumPasswordLength = 10) =>
        !errors.TryGetValue(field, out var reasons) ? null
        // StorableText's refusal (a control or broken character, pasted in unseen) is not the field's rule.
        : reasons.Any(r => r.Contains(" contains ", StringComparison.Ordinal)) ? text["Admin.Why.unstorable"]
        : text["Admin.Why." + field] is { ResourceNotFound: false } rule ? string.Format(CultureInfo.CurrentCulture, rule, minimumPasswordLength)
        : string.Join(" ", reasons);
}
