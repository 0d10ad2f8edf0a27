using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Incidents;

public enum ChangeStatus
{
    Changed,
    NotFound,
    Stale,
    Refused,

    /// <summary>The incident is in the viewer's scope but their role may not take this action.</summary>
    Forbidden,
}

public sealed record ChangeOutcome(ChangeStatus Status, Incident? Incident, Refusal? Refusal)
{
    /// <summary>Field errors found before the rules were asked (unknown area, department, tier…).</summary>
    public IDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}

/// <summary>
/// Moves an incident on by one action: the rules decide, the event is appended and the state
/// row updated in one transaction, guarded by the version the caller saw. A caller who saw an
/// older version gets <see cref="ChangeStatus.Stale"/> and the current state.
/// </summary>
public sealed class ChangeIncidentHandler(IDbContextFactory<GridOpsDbContext> contexts, CatalogueQueries catalogueQueries, IncidentClock clock, LiveSignal liveSignal,
    Platform.Telemetry.GridOpsMetrics metrics)
{
    /// <summary>Resolves a request's names (area and incident codes, enums) and applies it.</summary>
    public async Task<ChangeOutcome> HandleAsync(string ticketNo, string actionName, IncidentActionRequest request,
        IReadOnlyList<PhotoUpload> photos, Viewer viewer, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var action = RequestParsing.Enum<IncidentAction>(actionName, "action", errors);
        if (action == IncidentAction.Report)
        {
            errors["action"] = ["Report is not an action on an existing incident."];
        }

        var evaluation = RequestParsing.Enum<Evaluation>(request.Evaluation, "evaluation", errors);
        var tier = RequestParsing.Enum<Tier>(request.Tier, "tier", errors);
        if (request.Version is null)
        {
            errors["version"] = ["version is required: the version of the incident you saw (or an If-Match header)."];
        }

        if (request.Reason is { Length: > ReportIncidentValidator.MaxDescription } || request.Text is { Length: > ReportIncidentValidator.MaxDescription })
        {
            errors[request.Reason is { Length: > ReportIncidentValidator.MaxDescription } ? "reason" : "text"] = [$"At most {ReportIncidentValidator.MaxDescription} characters."];
        }

        // The incident page's dialogs send text over the circuit, past the HTTP guard: checked here for every door.
        Platform.Requests.StorableText.Check(errors, "reason", request.Reason);
        Platform.Requests.StorableText.Check(errors, "text", request.Text);
        PhotoUpload.Validate(photos, "photos", errors);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        long? areaId = null;
        // Codes are read in the incident's district (unique per district, issue 20): "1" is this incident's grid 1, "DOT" its city's DOT.
        var district = await context.Set<Incident>().Where(i => i.TicketNo == ticketNo).Select(i => i.DistrictId).FirstOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(request.AreaCode))
        {
            var code = request.AreaCode.Trim();
            await context.Database.OpenConnectionAsync(cancellationToken);
            var lookup = await Hierarchy.AreaCodes.FindAsync((Npgsql.NpgsqlConnection)context.Database.GetDbConnection(), null, code, viewer.Scope, district, cancellationToken);
            areaId = lookup.Area is { Level: >= Hierarchy.AreaLevel.Street and <= Hierarchy.AreaLevel.Grid } area ? area.Id : null;
            if (areaId is null)
            {
                errors["areaCode"] = [lookup.IsAmbiguous ? lookup.Problem(code) : $"No street, community or grid has the code '{code}'."];
            }
        }

        var catalogue = await catalogueQueries.GetAsync(cancellationToken);
        string?[] departments = [.. request.DepartmentCodes ?? [], request.DepartmentCode];
        // Another district's department is as unknown here as a code nobody has: the answer tells nothing of other districts.
        var unknown = departments.Where(d => !string.IsNullOrWhiteSpace(d) && catalogue.Department(d!.Trim(), district) is null).ToList();
        if (unknown.Count > 0)
        {
            errors["departmentCodes"] = [$"Unknown department(s): {string.Join(", ", unknown)}."];
        }

        Incident? mergeTarget = null;
        if (action == IncidentAction.Merge && !string.IsNullOrWhiteSpace(request.MergeInto))
        {
            var target = request.MergeInto.Trim();
            mergeTarget = await context.Set<Incident>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(i => i.TicketNo == target, cancellationToken);
            if (mergeTarget is null)
            {
                errors["mergeInto"] = [$"No incident has the ticket number '{target}'."];
            }
        }

        if (errors.Count > 0)
        {
            return new ChangeOutcome(ChangeStatus.Refused, null, null) { Errors = errors };
        }

        // The log names whoever is signed in; only the system itself (imports, tests) may name someone else.
        var actor = ReferenceEquals(viewer, Viewer.System) && !string.IsNullOrWhiteSpace(request.Actor) ? request.Actor.Trim() : viewer.ActorName;
        var command = new IncidentCommand(action!.Value, actor, request.Reason)
        {
            AreaId = areaId,
            // Known in the incident's district by now (the rest were refused above): stored as the catalogue spells them.
            DepartmentCodes = request.DepartmentCodes?.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => catalogue.Department(d.Trim(), district)!.Code).ToArray(),
            DepartmentCode = request.DepartmentCode is null ? null : catalogue.Department(request.DepartmentCode.Trim(), district)?.Code,
            ReportInMinutes = request.ReportInMinutes,
            Text = request.Text,
            Minutes = request.Minutes,
            Evaluation = evaluation,
            Tier = tier,
            MergeTarget = mergeTarget,
        };
        return await HandleAsync(ticketNo, request.Version!.Value, command, photos, viewer, cancellationToken);
    }

    public async Task<ChangeOutcome> HandleAsync(string ticketNo, int expectedVersion, IncidentCommand command,
        IReadOnlyList<PhotoUpload> photos, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await context.Set<Incident>().VisibleTo(viewer).FirstOrDefaultAsync(i => i.TicketNo == ticketNo, cancellationToken);
        if (incident is null)
        {
            return new ChangeOutcome(ChangeStatus.NotFound, null, null);
        }

        // Department staff report in for their own department only.
        if (!viewer.Can(IncidentPermissions.For(command.Action))
            || (viewer.Scope.DepartmentCode is { } own && command.DepartmentCode is { } named && named != own))
        {
            return new ChangeOutcome(ChangeStatus.Forbidden, incident, null);
        }

        if (incident.Version != expectedVersion)
        {
            return new ChangeOutcome(ChangeStatus.Stale, incident, null);
        }

        if (command.AreaId is { } target && !CanAssign(incident, target))
        {
            // A leader of street BS once dispatched to community CP-1, whose staff then got 404 for it (issue 15).
            return new ChangeOutcome(ChangeStatus.Refused, incident, null)
            {
                Errors = new Dictionary<string, string[]>
                {
                    ["areaCode"] = [incident.Unlocated
                        ? "This incident has no position, so no street, community or grid can see it: dispatch it to a department, or report it again with its position."
                        : "Dispatch to the incident's own grid, community or street: staff of any other area cannot see it."],
                },
            };
        }

        if (command.Action == IncidentAction.Merge && command.MergeTarget is null)
        {
            return new ChangeOutcome(ChangeStatus.Refused, incident, new Refusal("MergeTargetInvalid", "Merge into another open incident."));
        }

        var catalogue = await catalogueQueries.GetAsync(cancellationToken);
        if (command.DepartmentCodes is { Length: > 0 } sentTo
            && catalogue.Serving(sentTo, incident.DistrictId) is var serving && serving.Length < sentTo.Length)
        {
            // Issue 20: a department of another district (or a retired one) takes none of this district's incidents.
            return new ChangeOutcome(ChangeStatus.Refused, incident, null)
            {
                Errors = new Dictionary<string, string[]>
                {
                    ["departmentCodes"] = [$"Not a department of this incident's district, or retired: {string.Join(", ", sentTo.Except(serving, StringComparer.OrdinalIgnoreCase))}."],
                },
            };
        }

        var now = clock.Now;
        var decision = IncidentRules.Decide(incident, command, now, await clock.PolicyAsync(incident.DistrictId, cancellationToken), catalogue.ById(incident.CategoryId));
        if (decision.Refusal is not null)
        {
            return new ChangeOutcome(ChangeStatus.Refused, incident, decision.Refusal);
        }

        var change = decision.Event!;
        List<Photo> photoRows = [.. photos.Select(p => ReportIncidentHandler.PhotoRow(p, incident.Id, change.Seq, now))];
        if (photoRows.Count > 0)
        {
            change.Payload = change.Payload with { PhotoIds = [.. photoRows.Select(p => p.Id)] };
        }

        IncidentLifecycle.Apply(incident, change);
        context.Add(change);
        context.AddRange(photoRows);
        try
        {
            // One SaveChanges is one transaction: the event, the new state and the photos, or none.
            await context.SaveChangesAsync(cancellationToken);
            liveSignal.Committed();
            if (command.Action == IncidentAction.Accept)
            {
                metrics.Accepted();
            }
            else if (command.Action == IncidentAction.Close)
            {
                metrics.Closed();
            }
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsDuplicateEvent(e))
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Set<Incident>().AsNoTracking().FirstAsync(i => i.Id == incident.Id, cancellationToken);
            return new ChangeOutcome(ChangeStatus.Stale, current, null);
        }

        return new ChangeOutcome(ChangeStatus.Changed, incident, null);
    }

    // Whoever is dispatched to must be able to see the incident, and an area's staff see what lies in
    // it: so only the incident's own street, community or grid qualify. The actor already sees the
    // incident, so each of these is inside the actor's scope or the level above it (handing it up).
    private static bool CanAssign(Incident incident, long areaId) =>
        areaId == incident.StreetId || areaId == incident.CommunityId || areaId == incident.GridId;

    // Two writers on one version both try event seq N+1; the primary key lets one through.
    private static bool IsDuplicateEvent(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
