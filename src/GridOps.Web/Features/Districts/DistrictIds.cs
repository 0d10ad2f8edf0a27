using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.Districts;

/// <summary>A district's id from its code: the settings, the history import and the demo all start from a code.</summary>
internal static class DistrictIds
{
    private static readonly string Sql = $"SELECT id FROM areas WHERE code = $1 AND level = {Stored.As(AreaLevel.District)} AND retired_at IS NULL";

    /// <summary>The current district with this code, or null.</summary>
    public static async Task<long?> OfCodeAsync(NpgsqlDataSource dataSource, string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
