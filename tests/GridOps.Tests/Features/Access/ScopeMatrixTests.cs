using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Live;
using Microsoft.AspNetCore.SignalR;
using Xunit.Abstractions;

namespace GridOps.Tests.Features.Access;

/// <summary>
/// The second half of the authorization matrix: not "may this role use this door" but "does the door
/// keep to the caller's scope". Every readable route (lists, pages, aggregates, CSV, GeoJSON, counts)
/// and every hub method is called by each scoped principal, once with what is theirs and once with
/// what is not; nothing from the other street may come back. Generated from the route table and the
/// hub's methods: a new one is checked without anyone listing it, and a hub method without a scope
/// case fails.
/// </summary>
public sealed class ScopeMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Scoped principals, each inside street A: the other street's incident and street are never theirs.
    private static readonly (string User, AccessRole Role)[] Scoped =
    [
        ("leader", AccessRole.Leader), ("community", AccessRole.CommunityStaff), ("grid", AccessRole.GridWorker), ("dept", AccessRole.DepartmentStaff),
    ];

    private const string ForeignDescription = "路面坑洼";

    private TestApp _app = null!;
    private DemoWorld _world = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _world = await DemoWorld.ArrangeAsync(_app);
        // The other street's incident is red and alerted, so it would show on every aggregate that leaked.
        using var retier = await _app.Client.PostAsJsonAsync($"/api/incidents/{_world.TicketInStreetB}/retier", new { version = 1, tier = "red", reason = "危及行人" });
        retier.EnsureSuccessStatusCode();
        await _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryReadableRoute_KeepsToTheCallersScope_ForEveryScopedRole()
    {
        var foreignWorld = _world with { TicketInGridA = _world.TicketInStreetB, StreetA = _world.StreetB, GridA = await DemoWorld.GridInAsync(_app, _world.StreetB), CommunityA = await DemoWorld.CommunityInAsync(_app, _world.StreetB) };
        var routes = RouteTable.Endpoints(_app).Where(e => RouteTable.Methods(e).Contains("GET") && RouteTable.Rule(e) is { } rule && rule != "public"
            && !e.RoutePattern.RawText!.StartsWith("/hubs", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 30, $"only {routes.Count} routes: the list is not the app's");
        List<string> leaks = [];
        var table = new System.Text.StringBuilder("| route | " + string.Join(" | ", Scoped.Select(s => s.User)) + " |\n|---|" + string.Concat(Scoped.Select(_ => "---|")) + "\n");
        foreach (var route in routes)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {route.RoutePattern.RawText} |");
            foreach (var (user, role) in Scoped)
            {
                if (!RouteTable.Allows(RouteTable.Rule(route)!, role))
                {
                    table.Append(" — |");
                    continue;
                }

                var client = await _app.SignInAsync(user, followRedirects: false);
                // Filters point at the other street too: an aggregate must ignore what it may not show.
                var foreignUrl = WithQuery(RouteTable.Url(route, foreignWorld), $"area={_world.StreetB}&district={_world.StreetB}");
                using var foreign = await client.GetAsync(foreignUrl);
                // A page echoes the filter it was given (value="CP" in the filter form): that is the caller's own text.
                var body = (await foreign.Content.ReadAsStringAsync()).Replace($"value=\"{_world.StreetB}\"", "", StringComparison.Ordinal);
                var leaked = foreign.IsSuccessStatusCode && (body.Contains(_world.TicketInStreetB, StringComparison.Ordinal) || body.Contains(ForeignDescription, StringComparison.Ordinal)
                    || System.Text.RegularExpressions.Regex.IsMatch(body, $"(^|[\",\\n>]){System.Text.RegularExpressions.Regex.Escape(_world.StreetB)}([\",\\n<]|$)"));
                if (leaked)
                {
                    leaks.Add($"{user} GET {foreignUrl}: {(int)foreign.StatusCode}, the other street's data in the answer");
                }

                // The same route with what is the caller's: refused scope must not be a door that refuses everyone.
                var ownOk = true;
                if (route.RoutePattern.Parameters.Any(p => p.Name.Equals("ticketNo", StringComparison.OrdinalIgnoreCase)) && user != "dept")
                {
                    using var own = await client.GetAsync(RouteTable.Url(route, _world));
                    ownOk = own.StatusCode != HttpStatusCode.NotFound;
                    if (!ownOk)
                    {
                        leaks.Add($"{user} GET {RouteTable.Url(route, _world)}: 404 for an incident in the caller's own grid");
                    }
                }

                table.Append(leaked ? " LEAK |" : foreign.IsSuccessStatusCode ? " scoped |" : $" {(int)foreign.StatusCode} |");
            }

            table.Append('\n');
        }

        output.WriteLine(table.ToString());
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(SharedData.RepositoryRoot, "artifacts")).FullName, "scope-matrix.md"), table.ToString());
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task EveryHubMethod_KeepsToTheCallersScope()
    {
        var alert = (await _app.Database.StringsAsync($"SELECT a.id || ',' || a.version FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.ticket_no = '{_world.TicketInStreetB}' ORDER BY a.id LIMIT 1"))[0].Split(',');
        var (alertId, alertVersion) = (long.Parse(alert[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(alert[1], System.Globalization.CultureInfo.InvariantCulture));
        await using var leader = await _app.HubAsync("leader");
        var notesBefore = await _app.Database.CountAsync($"SELECT count(*) FROM alert_notes WHERE alert_id = {alertId}");

        // One case per hub method: a new method fails here until someone says what its scope is.
        var cases = new Dictionary<string, Func<Task<string?>>>
        {
            [nameof(LiveHub.Watch)] = async () =>
                await leader.InvokeAsync<JsonElement?>(nameof(LiveHub.Watch), _world.StreetB) is { ValueKind: not JsonValueKind.Null } foreign ? $"Watch({_world.StreetB}) answered {foreign}"
                : await leader.InvokeAsync<JsonElement?>(nameof(LiveHub.Watch), _world.StreetA) is { ValueKind: not JsonValueKind.Null } ? null : $"Watch({_world.StreetA}) refused the leader's own street",
            [nameof(LiveHub.CatchUp)] = async () =>
            {
                var caught = await leader.InvokeAsync<JsonElement>(nameof(LiveHub.CatchUp), 0L);
                var text = caught.GetRawText();
                return text.Contains(_world.TicketInStreetB, StringComparison.Ordinal) ? "CatchUp(0) returned the other street's incident"
                    : text.Contains(_world.TicketInGridA, StringComparison.Ordinal) ? null : "CatchUp(0) missed the leader's own incident";
            },
            [nameof(LiveHub.Kpis)] = async () =>
            {
                var mine = await leader.InvokeAsync<JsonElement>(nameof(LiveHub.Kpis));
                // Street A has nothing red: the other street's red incident would make the leader's red count non-zero.
                return mine.GetProperty("tiers")[3].GetInt32() > 0 ? $"Kpis() counted the other street's red incident: {mine}" : null;
            },
            [nameof(LiveHub.Acknowledge)] = async () => NotFound(await leader.InvokeAsync<AlertOutcome>(nameof(LiveHub.Acknowledge), alertId, alertVersion), "Acknowledge"),
            [nameof(LiveHub.Reassign)] = async () => NotFound(await leader.InvokeAsync<AlertOutcome>(nameof(LiveHub.Reassign), alertId, alertVersion, "leader"), "Reassign"),
            [nameof(LiveHub.Escalate)] = async () => NotFound(await leader.InvokeAsync<AlertOutcome>(nameof(LiveHub.Escalate), alertId, alertVersion, "越级"), "Escalate"),
            [nameof(LiveHub.Comment)] = async () => NotFound(await leader.InvokeAsync<AlertOutcome>(nameof(LiveHub.Comment), alertId, "看看"), "Comment"),
        };

        var methods = typeof(LiveHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.DeclaringType != typeof(Hub)).Select(m => m.Name).Where(n => n is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync))).ToList();
        Assert.Empty(methods.Except(cases.Keys));
        List<string> wrong = [];
        foreach (var method in methods)
        {
            if (await cases[method]() is { } problem)
            {
                wrong.Add(problem);
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(notesBefore, await _app.Database.CountAsync($"SELECT count(*) FROM alert_notes WHERE alert_id = {alertId}"));
    }

    private static string? NotFound(AlertOutcome outcome, string method) =>
        outcome.Error == AlertActions.NotFound ? null : $"{method} on the other street's alert answered {outcome.Error ?? "success"}";

    private static string WithQuery(string url, string query) => url + (url.Contains('?') ? "&" : "?") + query;
}
