using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.WorkingTime;
using Npgsql;

namespace GridOps.Web.Features.Needs;

/// <summary>A need as a community lists it.</summary>
public sealed record NeedDraft(string? CommunityCode, NeedKind? Kind, string? Title, string? Detail, DateOnly? ClaimBy);

/// <summary>The result of a write: done, or the fields that were wrong and why (nothing stored).</summary>
public sealed record NeedOutcome(bool Done, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly NeedOutcome Ok = new(true, new Dictionary<string, string>());

    public static NeedOutcome Refused(string field, string reason) => new(false, new Dictionary<string, string> { [field] = reason });
}

/// <summary>
/// Writes the demand and resource lists (需求清单 / 资源清单). Claims and results change a need only
/// from the version the user saw, so two people claiming at once cannot both win.
/// </summary>
public sealed class NeedsService(NpgsqlDataSource dataSource, WorkingCalendarProvider calendars, Districts.DistrictZones zones, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxDetail = 2000;

    /// <summary>Today on GridOps' clock (for those who see every district).</summary>
    public DateOnly Today => calendars.Current.LocalDate(clock.GetUtcNow());

    /// <summary>Today in the district a scope lies in (issue 20): claim deadlines and overdue counts are the district's days.</summary>
    public async Task<DateOnly> TodayAsync(AccessScope scope, CancellationToken cancellationToken) =>
        Components.Shared.LocalTime.DateOf(clock.GetUtcNow(), await zones.OfScopeAsync(scope, cancellationToken));

    public async Task<NeedOutcome> ListAsync(Viewer viewer, NeedDraft draft, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        Text(draft.Title, "title", MaxTitle, required: true, errors);
        Text(draft.Detail, "detail", MaxDetail, required: false, errors);
        if (draft.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = "Choose what kind of need it is.";
        }

        // The community's district's today: a New York need listed on its evening may be claimed by that day.
        // The code in the lister's district (codes are unique per district).
        var community = string.IsNullOrWhiteSpace(draft.CommunityCode) || Platform.Requests.StorableText.Problem(draft.CommunityCode) is not null ? null
            : (await AreaCodes.FindAsync(dataSource, draft.CommunityCode, viewer.Scope, null, cancellationToken)).Area;
        var today = Components.Shared.LocalTime.DateOf(clock.GetUtcNow(), (await zones.LocaleOfAreaAsync(community?.Id, cancellationToken)).Zone);
        if (draft.ClaimBy is not { } claimBy || claimBy < today || claimBy > today.AddYears(1))
        {
            errors["claimBy"] = "The claim deadline is a day from today to a year ahead.";
        }

        if (errors.Count > 0)
        {
            return new NeedOutcome(false, errors);
        }

        await using var command = dataSource.CreateCommand($"""
            INSERT INTO needs (community_id, street_id, kind, title, detail, listed_by, listed_at, claim_by)
            SELECT c.id, c.ancestor_ids[2], $2, $3, $4, $5, $6, $7 FROM areas c
            WHERE c.id = $8 AND c.level = {Stored.As(AreaLevel.Community)} AND c.retired_at IS NULL AND {AreaScopeSql.Inside(viewer.Scope, "c", "$1")}
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(viewer.Scope) });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)draft.Kind!.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.Title!.Trim() });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(draft.Detail) ? DBNull.Value : draft.Detail.Trim(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = viewer.ActorName });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = draft.ClaimBy!.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = community?.Id ?? 0 });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? NeedOutcome.Ok
            : NeedOutcome.Refused("community", "Choose a community in your area.");
    }

    public async Task<NeedOutcome> AddUnitAsync(Viewer viewer, string? name, string? contact, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        Text(name, "name", 100, required: true, errors);
        Text(contact, "contact", 200, required: false, errors);
        if (errors.Count > 0)
        {
            return new NeedOutcome(false, errors);
        }

        // A street's people list units on their street; the centre's are district-wide.
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO co_building_units (name, street_id, contact, created_at, district_id)
            VALUES ($1, (SELECT CASE WHEN a.level = {Stored.As(AreaLevel.Street)} THEN a.id ELSE a.ancestor_ids[2] END FROM areas a WHERE a.id = $2 AND a.level > {Stored.As(AreaLevel.District)}), $3, $4,
                    {UnitScopeSql.DistrictOf("$2")})
            ON CONFLICT (district_id, name) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name!.Trim() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = viewer.Scope.IsEverything ? 0 : viewer.Scope.AreaId ?? 0 });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(contact) ? DBNull.Value : contact.Trim(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? NeedOutcome.Ok
            : NeedOutcome.Refused("name", "A unit with this name is already listed.");
    }

    public async Task<NeedOutcome> AddResourceAsync(Viewer viewer, long unitId, ResourceKind? kind, string? title, string? detail, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        Text(title, "title", MaxTitle, required: true, errors);
        Text(detail, "detail", MaxDetail, required: false, errors);
        if (kind is not { } k || !Enum.IsDefined(k))
        {
            errors["kind"] = "Choose what kind of resource it is.";
        }

        if (errors.Count > 0)
        {
            return new NeedOutcome(false, errors);
        }

        await using var command = dataSource.CreateCommand(
            $"INSERT INTO unit_resources (unit_id, kind, title, detail, listed_at) SELECT u.id, $2, $3, $4, $5 FROM co_building_units u WHERE u.id = $1 AND {UnitScopeSql.Visible(viewer.Scope, "u", "$6")}");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unitId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind!.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = title!.Trim() });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(detail) ? DBNull.Value : detail.Trim(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(viewer.Scope) });
        // Another district's unit answers as one that does not exist.
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? NeedOutcome.Ok : NeedOutcome.Refused("unit", "There is no such unit.");
    }

    /// <summary>A unit takes a need on, from the version the user saw.</summary>
    public Task<NeedOutcome> ClaimAsync(Viewer viewer, long needId, int version, long unitId, CancellationToken cancellationToken) =>
        ChangeAsync(viewer, needId, version, NeedState.Listed, $"""
            state = {Stored.As(NeedState.Claimed)}, unit_id = $5, claimed_by = $3, claimed_at = $4
            """, unitId,
            // The unit is the reader's to use and serves the need's own district (or every district).
            $"AND EXISTS (SELECT 1 FROM co_building_units u WHERE u.id = $5 AND {UnitScopeSql.Visible(viewer.Scope, "u", "$6")} AND (u.district_id IS NULL OR u.district_id = coalesce(c.ancestor_ids[1], c.id)))",
            cancellationToken);

    /// <summary>The claimed need is met; what was done is recorded.</summary>
    public async Task<NeedOutcome> SolveAsync(Viewer viewer, long needId, int version, string? outcome, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        Text(outcome, "outcome", MaxDetail, required: true, errors);
        return errors.Count > 0 ? new NeedOutcome(false, errors)
            : await ChangeAsync(viewer, needId, version, NeedState.Claimed, $"state = {Stored.As(NeedState.Solved)}, solved_by = $3, solved_at = $4, outcome = $5", outcome!.Trim(), "", cancellationToken);
    }

    private async Task<NeedOutcome> ChangeAsync<T>(Viewer viewer, long needId, int version, NeedState from, string set, T value, string extra,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE needs n SET {set}, version = n.version + 1
            FROM areas c
            WHERE n.id = $1 AND n.version = $2 AND n.state = {(short)from} AND c.id = n.community_id
              AND {AreaScopeSql.Inside(viewer.Scope, "c", "$6")} {extra}
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = needId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = viewer.ActorName });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(viewer.Scope) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? NeedOutcome.Ok
            : NeedOutcome.Refused("version", "Someone changed this need since you opened the page (or it is not yours to change): look again.");
    }

    private static void Text(string? value, string field, int max, bool required, Dictionary<string, string> errors)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors[field] = "Required.";
        }
        else if (value is { Length: > 0 } && value.Length > max)
        {
            errors[field] = $"At most {max} characters.";
        }
        else if (Platform.Requests.StorableText.Problem(value) is { } problem)
        {
            // Screens send text over the circuit, past the HTTP guard: the service checks it itself.
            errors[field] = $"{field} {problem}";
        }
    }
}
