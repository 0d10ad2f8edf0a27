using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridOps.Web.Features.History;

/// <summary>
/// How a previous system's export maps onto GridOps' history: the file's format, which column holds each of
/// GridOps' fields, how its times are written, and how its categories and evaluations translate. docs/history.md.
/// </summary>
public sealed class HistoryMapping
{
    /// <summary>The district the history belongs to (its code): every record is that district's.</summary>
    public string District { get; set; } = "";

    /// <summary><c>csv</c> (a header row, RFC 4180 quoting) or <c>ndjson</c> (one JSON object a line).</summary>
    public string Format { get; set; } = "csv";

    /// <summary>The CSV separator: one character.</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>GridOps field → the file's column (<see cref="HistoryFields"/>); <c>ref</c>, <c>reportedAt</c> and <c>closedAt</c> are required.</summary>
    public Dictionary<string, string> Columns { get; set; } = [];

    /// <summary>How times are written when not ISO 8601 (a .NET format, e.g. <c>MM/dd/yyyy hh:mm:ss tt</c>).</summary>
    public string? TimeFormat { get; set; }

    /// <summary>The zone of times written without an offset (IANA); the district's working-time zone when absent.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The file's category → a GridOps category code; values not listed are taken as GridOps codes.</summary>
    public Dictionary<string, string> Categories { get; set; } = [];

    /// <summary>The GridOps category of a record whose category is empty or unknown; without it such a record is refused.</summary>
    public string? DefaultCategory { get; set; }

    /// <summary>The file's evaluation → <c>satisfied</c>, <c>basicallySatisfied</c> or <c>unsatisfied</c>.</summary>
    public Dictionary<string, string> Evaluations { get; set; } = [];

    /// <summary>Coordinates: wgs84 (default), gcj02 or bd09.</summary>
    public string Crs { get; set; } = "wgs84";

    /// <summary>Read, validate and locate everything, report the counts, store nothing.</summary>
    public bool Preview { get; set; }

    public static HistoryMapping Parse(string json) =>
        JsonSerializer.Deserialize<HistoryMapping>(json, Options) ?? throw new JsonException("The mapping is empty.");

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>The fields a history record has; the mapping's <c>columns</c> names a file column for each it uses.</summary>
public static class HistoryFields
{
    public const string Ref = "ref";
    public const string ReportedAt = "reportedAt";
    public const string AcceptedAt = "acceptedAt";
    public const string DispatchedAt = "dispatchedAt";
    public const string ClosedAt = "closedAt";
    public const string EvaluatedAt = "evaluatedAt";
    public const string DueAt = "dueAt";
    public const string Evaluation = "evaluation";
    public const string Category = "category";
    public const string Title = "title";
    public const string Description = "description";
    public const string Address = "address";
    public const string Lon = "lon";
    public const string Lat = "lat";

    public static readonly string[] All =
        [Ref, ReportedAt, AcceptedAt, DispatchedAt, ClosedAt, EvaluatedAt, DueAt, Evaluation, Category, Title, Description, Address, Lon, Lat];

    public static readonly string[] Required = [Ref, ReportedAt, ClosedAt];
}
