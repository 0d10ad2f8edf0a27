using GridOps.Web.Features.Access;
using Npgsql;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>The area a code names: its id, level and district.</summary>
public sealed record AreaMatch(long Id, string Code, AreaLevel Level, long DistrictId, string DistrictCode)
{
    /// <summary>The area's and its district's names, for a person choosing among several districts' areas.</summary>
    public string Name { get; init; } = "";

    public string DistrictName { get; init; } = "";

    /// <summary>The code as the whole database writes it: <c>district:code</c> (a district's own code stands alone).</summary>
    public string Qualified => AreaCodes.Qualify(DistrictCode, Code);
}

/// <summary>What a code named: one area, none, or several districts' areas (only a reader of the whole database can meet those).</summary>
public sealed record AreaLookup(AreaMatch? Area, IReadOnlyList<AreaMatch> Candidates)
{
    public bool IsAmbiguous => Area is null && Candidates.Count > 1;

    /// <summary>The reason to show when nothing was named: which qualified codes to choose from, or that none has it.</summary>
    public string Problem(string code) => IsAmbiguous
        ? $"'{code}' is a code in {Candidates.Count} districts; write it with its district: {string.Join(", ", Candidates.Select(c => c.Qualified))}."
        : $"No area has the code '{code}'.";
}

/// <summary>
/// Codes are unique within a district, not across the database (issue 20: a second city's grid "1" is its own). A
/// code is read in the district of whoever uses it — a district's people, keys and devices name their own district's
/// areas and never reach another's by code. The whole database may meet the same code in several districts and then
/// writes it with its district, <c>SH:1</c>; a code standing alone that only one district has needs no district.
/// Districts' own codes stay unique across the database: they are what qualifies the rest.
/// </summary>
public static class AreaCodes
{
    public const char Separator = ':';

    /// <summary>Longer than any code with its district: named by nothing.</summary>
    public const int MaxLength = 300;

    /// <summary>A code of <paramref name="district"/> as the whole database writes it; the district's own code needs no qualifying.</summary>
    public static string Qualify(string district, string code) => code == district ? code : district + Separator + code;

    // Candidates: the code as written, and, when it has a separator, the code after it in the district before it.
    // A district-bound reader's district (the district of $2, its scope's area) or the district asked for ($3) keeps only its own.
    private const string Sql = """
        SELECT a.id, a.code, a.level, d.id, d.code, a.name, d.name
        FROM areas a JOIN areas d ON d.id = coalesce(a.ancestor_ids[1], a.id)
        WHERE (a.code = $1 OR (a.code = $4 AND d.code = $5))
          AND ($2 = 0 OR d.id = (SELECT coalesce(s.ancestor_ids[1], s.id) FROM areas s WHERE s.id = $2))
          AND ($3 = 0 OR d.id = $3)
        ORDER BY a.code = $1 DESC, d.code, a.id
        LIMIT 20
        """;

    /// <summary>SQL for an area's code as a reader writes it: with its district (<c>NA:1</c>) when <paramref name="qualify"/>
    /// (the whole database with several districts), else as it is.</summary>
    public static string ShownSql(string alias, bool qualify) =>
        qualify ? $"coalesce((SELECT d.code || '{Separator}' FROM areas d WHERE d.id = {alias}.ancestor_ids[1]), '') || {alias}.code" : $"{alias}.code";

    /// <summary>Whether a reader writes codes with their district: the whole database, once it holds more than one.</summary>
    public static async Task<bool> QualifiesAsync(NpgsqlDataSource dataSource, AccessScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsEverything)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await QualifiesAsync(connection, scope, cancellationToken);
    }

    public static async Task<bool> QualifiesAsync(NpgsqlConnection connection, AccessScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsEverything)
        {
            return false;
        }

        await using var command = new NpgsqlCommand($"SELECT count(*) > 1 FROM areas WHERE level = {Data.Stored.As(AreaLevel.District)} AND retired_at IS NULL", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The current districts' codes by id when a reader writes codes with their district (the whole database
    /// holding several), else null: for qualifying areas already loaded.</summary>
    public static async Task<IReadOnlyDictionary<long, string>?> QualifyingDistrictsAsync(Data.GridOpsDbContext context, AccessScope scope,
        CancellationToken cancellationToken)
    {
        if (!scope.IsEverything)
        {
            return null;
        }

        var districts = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(
            context.Set<Area>().Where(a => a.Level == AreaLevel.District && a.RetiredAt == null), a => a.Id, a => a.Code, cancellationToken);
        return districts.Count > 1 ? districts : null;
    }

    /// <summary>The area <paramref name="code"/> names for a reader with <paramref name="scope"/>; <paramref name="inDistrict"/> (an incident's
    /// district) narrows it further.</summary>
    public static async Task<AreaLookup> FindAsync(NpgsqlDataSource dataSource, string code, AccessScope scope, long? inDistrict, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, code, scope, inDistrict, cancellationToken);
    }

    public static async Task<AreaLookup> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string code, AccessScope scope, long? inDistrict,
        CancellationToken cancellationToken)
    {
        code = code.Trim();
        if (code.Length is 0 or > MaxLength || Platform.Requests.StorableText.Problem(code) is not null)
        {
            // Not a code anything could have (doors past the HTTP guard, such as a circuit's forms, come here too).
            return new AreaLookup(null, []);
        }

        var separator = code.IndexOf(Separator, StringComparison.Ordinal);
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        // A shared department's people are bound to no area: they read codes as the whole database does, a district's own
        // department's in its district (what they then see is still only their department's incidents, and no area's page opens to them).
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = scope.AreaId ?? 0 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = inDistrict ?? 0 });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = separator > 0 ? code[(separator + 1)..] : "" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = separator > 0 ? code[..separator] : "" });
        var found = new List<AreaMatch>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new AreaMatch(reader.GetInt64(0), reader.GetString(1), (AreaLevel)reader.GetInt16(2), reader.GetInt64(3), reader.GetString(4))
                {
                    Name = reader.GetString(5),
                    DistrictName = reader.GetString(6),
                });
            }
        }

        // The code as written wins over a qualified reading of it (a district may have a code with a colon in it).
        var literal = found.Where(f => f.Code == code).ToList();
        var candidates = literal.Count > 0 ? literal : found;
        // A district's code names the district: district codes are unique across the database, what qualifies the rest.
        var district = candidates.Where(c => c.Level == AreaLevel.District).ToList();
        return new AreaLookup(candidates.Count == 1 ? candidates[0] : district.Count == 1 ? district[0] : null, candidates);
    }
}
