using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace GridOps.Web.Features.History;

/// <summary>
/// Reads a history file row by row as the values of <see cref="HistoryFields.All"/> (null where the mapping names no
/// column or the row has none): CSV with a header row and RFC 4180 quoting (a quoted value may hold the separator,
/// quotes doubled, and line breaks), or NDJSON. Streams: a million rows never sit in memory as text.
/// </summary>
internal static class HistoryFileReader
{
    public static async IAsyncEnumerable<(int Line, string?[] Values)> ReadAsync(Stream stream, HistoryMapping mapping, List<HistoryProblem> problems,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var rows = mapping.Format.Equals("ndjson", StringComparison.OrdinalIgnoreCase) ? NdJsonAsync(reader, mapping, problems, cancellationToken)
            : CsvAsync(reader, mapping, problems, cancellationToken);
        await foreach (var row in rows)
        {
            yield return row;
        }
    }

    private static async IAsyncEnumerable<(int, string?[])> CsvAsync(StreamReader reader, HistoryMapping mapping, List<HistoryProblem> problems,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var separator = mapping.Delimiter[0];
        var line = 0;
        var header = await RecordAsync(reader, separator, () => line++, cancellationToken);
        if (header is null)
        {
            problems.Add(new HistoryProblem(null, "file", "is empty: a CSV history starts with a header row."));
            yield break;
        }

        var columns = header.Select((name, index) => (name: name.Trim(), index)).GroupBy(c => c.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        var positions = new int[HistoryFields.All.Length];
        for (var f = 0; f < positions.Length; f++)
        {
            positions[f] = -1;
            if (mapping.Columns.TryGetValue(HistoryFields.All[f], out var column))
            {
                if (columns.TryGetValue(column, out var index))
                {
                    positions[f] = index;
                }
                else
                {
                    problems.Add(new HistoryProblem(1, HistoryFields.All[f], $"names column '{column}', which the header does not have ({string.Join(", ", header.Take(30))})."));
                }
            }
        }

        if (problems.Count > 0)
        {
            yield break;
        }

        while (true)
        {
            var start = line + 1;
            var record = await RecordAsync(reader, separator, () => line++, cancellationToken);
            if (record is null)
            {
                yield break;
            }

            if (record.Count == 1 && record[0].Length == 0)
            {
                continue; // a blank line
            }

            if (record.Count != header.Count)
            {
                // An unquoted separator in a value shifts every column after it: refused, not read askew.
                problems.Add(new HistoryProblem(start, "line", $"has {record.Count} values where the header has {header.Count} (a separator inside an unquoted value, or a quote left open?)."));
                continue;
            }

            var values = new string?[positions.Length];
            for (var f = 0; f < positions.Length; f++)
            {
                values[f] = positions[f] >= 0 && positions[f] < record.Count ? record[positions[f]] : null;
            }

            yield return (start, values);
        }
    }

    /// <summary>The longest a quoted value may run over lines before the record is taken for a quote left open.</summary>
    private const int MaxQuotedLines = 200;

    /// <summary>One CSV record, over as many physical lines as its quoted values need; null at the end. A quote left open
    /// or text after a closing quote makes the record one value short or long, which the caller refuses by line.</summary>
    private static async Task<List<string>?> RecordAsync(StreamReader reader, char separator, Action countLine, CancellationToken cancellationToken)
    {
        var continued = 0;
        var text = await reader.ReadLineAsync(cancellationToken);
        if (text is null)
        {
            return null;
        }

        countLine();
        var fields = new List<string>();
        var value = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i == text.Length)
            {
                if (quoted && ++continued <= MaxQuotedLines && await reader.ReadLineAsync(cancellationToken) is { } more)
                {
                    countLine();
                    value.Append('\n');
                    text = more;
                    i = 0;
                    continue;
                }

                fields.Add(value.ToString());
                return fields;
            }

            var c = text[i++];
            if (quoted)
            {
                if (c == '"' && i < text.Length && text[i] == '"')
                {
                    value.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                    if (i < text.Length && text[i] != separator)
                    {
                        // "ab"cd: not a value RFC 4180 can write; kept as a value of its own so the count is off and the line refused.
                        fields.Add(value.ToString());
                        value.Clear();
                    }
                }
                else
                {
                    value.Append(c);
                }
            }
            else if (c == '"' && value.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(value.ToString());
                value.Clear();
            }
            else
            {
                value.Append(c);
            }
        }
    }

    private static async IAsyncEnumerable<(int, string?[])> NdJsonAsync(StreamReader reader, HistoryMapping mapping, List<HistoryProblem> problems,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = HistoryFields.All.Select(f => mapping.Columns.GetValueOrDefault(f)).ToArray();
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string?[]? values = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    values = names.Select(name => name is not null && document.RootElement.TryGetProperty(name, out var v) ? Text(v) : null).ToArray();
                }
            }
            catch (JsonException e)
            {
                problems.Add(new HistoryProblem(line, "line", $"is not valid JSON: {e.Message}"));
                continue;
            }

            if (values is null)
            {
                problems.Add(new HistoryProblem(line, "line", "is not a JSON object."));
                continue;
            }

            yield return (line, values);
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
