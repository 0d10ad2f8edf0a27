using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Access;

/// <summary>The demo district with one incident in each of the two streets the demo leaders hold,
/// plus codes of the areas the demo users are bound to, read from the database.</summary>
internal sealed record DemoWorld(string StreetA, string StreetB, string CommunityA, string GridA, string TicketInGridA, string TicketInStreetB)
{
    public static async Task<DemoWorld> ArrangeAsync(TestApp app)
    {
        var streets = await app.Database.StringsAsync("SELECT code FROM areas WHERE level = 1 ORDER BY code LIMIT 2");
        var community = (await app.Database.StringsAsync($"SELECT c.code FROM areas c JOIN areas s ON s.id = c.parent_id WHERE s.code = '{streets[0]}' ORDER BY c.code LIMIT 1"))[0];
        var grid = (await app.Database.StringsAsync($"SELECT g.code FROM areas g JOIN areas c ON c.id = g.parent_id WHERE c.code = '{community}' ORDER BY g.code LIMIT 1"))[0];
        var gridInB = await GridInAsync(app, streets[1]);
        var inA = await ReportAtAsync(app, grid, "小区门口垃圾堆放");
        var inB = await ReportAtAsync(app, gridInB, "路面坑洼");
        return new DemoWorld(streets[0], streets[1], community, grid, inA, inB);
    }

    /// <summary>The first grid (by code) inside a street.</summary>
    public static async Task<string> GridInAsync(TestApp app, string streetCode) =>
        (await app.Database.StringsAsync($"SELECT g.code FROM areas g WHERE g.level = 3 AND (SELECT id FROM areas WHERE code = '{streetCode}') = ANY (g.ancestor_ids) ORDER BY g.code LIMIT 1"))[0];

    /// <summary>The first community (by code) of a street.</summary>
    public static async Task<string> CommunityInAsync(TestApp app, string streetCode) =>
        (await app.Database.StringsAsync($"SELECT c.code FROM areas c JOIN areas s ON s.id = c.parent_id WHERE s.code = '{streetCode}' ORDER BY c.code LIMIT 1"))[0];

    // A neighbour dispute (the justice bureau's by default, so city management sees it only once dispatched to it), reported by the administrator at the grid's label point.
    public static async Task<string> ReportAtAsync(TestApp app, string gridCode, string description)
    {
        var (lon, lat) = await app.Database.LabelPointAsync(gridCode);
        using var response = await app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description, lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }
}
