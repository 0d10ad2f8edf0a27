using System.Globalization;

namespace GridOps.Web.Platform.Requests;

/// <summary>
/// The one rule for text GridOps will store or search: PostgreSQL refuses U+0000 in text and jsonb
/// (a 500 at 22 doors, issue 15), and Npgsql cannot encode an unpaired surrogate. Other C0 control
/// characters are refused too — nobody types them, and they only ever arrive to break a log or a
/// spreadsheet. Tab, line feed and carriage return are ordinary text.
/// </summary>
public static class StorableText
{
    /// <summary>Why this text cannot be stored, or null when it can.</summary>
    public static string? Problem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains the control character U+{(int)c:X4} at position {i + 1}; remove it.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains a broken character (an unpaired UTF-16 surrogate) at position {i + 1}.");
            }
        }

        return null;
    }

    /// <summary>Adds an error for <paramref name="field"/> when its text cannot be stored; true when it can.</summary>
    public static bool Check(IDictionary<string, string[]> errors, string field, string? text)
    {
        if (Problem(text) is not { } problem)
        {
            return true;
        }

        errors[field] = [$"{field} {problem}"];
        return false;
    }
}
