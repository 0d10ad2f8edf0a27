using System.Text;

namespace GridOps.Web.Features.Hotline;

/// <summary>RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. A record
/// that cannot be read (an unclosed quote, text after a closing quote) is returned with its error
/// so the caller reports that row and goes on. An unclosed quote ends with its own line: otherwise it
/// would swallow every row after it, and those rows would get no answer at all (issue 15).</summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        string? error = null;
        while (i <= text.Length)
        {
            if (i == text.Length || text[i] is '\n' or '\r')
            {
                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0 || error is not null)
                {
                    yield return new CsvRecord(recordLine, [.. fields], error);
                }

                fields.Clear();
                error = null;
                if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                i++;
                line++;
                recordLine = line;
                continue;
            }

            var c = text[i];
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (c == '"' && field.Length == 0)
            {
                var quoteStart = i;
                var quoteLine = line;
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        closed = true;
                        i++;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                // A quote that ran over a line break and is "closed" by a later field's opening quote
                // (text follows it) was never closed: without this, it swallowed the row after it.
                var strayClose = closed && line > quoteLine && i < text.Length && text[i] is not (',' or '\n' or '\r');
                if (!closed || strayClose)
                {
                    error = "A quoted field is never closed.";
                    var lineEnd = text.IndexOfAny(['\n', '\r'], quoteStart);
                    i = lineEnd < 0 ? text.Length : lineEnd;
                    line = quoteLine;
                    field.Clear().Append(text, quoteStart + 1, i - quoteStart - 1);
                }
                else if (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                {
                    error ??= "Text follows a closing quote; write a quote inside a quoted field as \"\".";
                    while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        i++;
                    }
                }
            }
            else
            {
                field.Append(c);
                i++;
            }
        }
    }
}

internal sealed record CsvRecord(int Line, string[] Fields, string? Error);
