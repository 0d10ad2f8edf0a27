using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Incidents;

/// <summary>The 228 real events of ../shared/data posted through the API with their original times:
/// every one lands once, in its grid, under its category, at its time.</summary>
public sealed class HangzhouIncidentsTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false);
        await HangzhouData.ImportAsync(_app.Database);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostingTheRealEvents_ListDetailAndPerGridCountsMatchTheSource()
    {
        using var events = await HangzhouData.EventsAsync();
        var features = events.RootElement.GetProperty("features").EnumerateArray().ToList();
        var labels = await HangzhouData.CommunityByLabelAsync(_app.Database.DataSource);
        var expectedGrid = new Dictionary<string, string>();
        var expectedTime = new Dictionary<string, DateTimeOffset>();
        var expectedCategory = new Dictionary<string, string>();

        foreach (var feature in features)
        {
            var properties = feature.GetProperty("properties");
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            // Source times are local (Beijing) as M/D/YYYY HH:MM:SS.
            var reportedAt = new DateTimeOffset(DateTime.ParseExact(properties.GetProperty("reported_at").GetString()!, "M/d/yyyy HH:mm:ss", CultureInfo.InvariantCulture), TimeSpan.FromHours(8));
            using var response = await _app.Client.PostAsJsonAsync("/api/incidents", new
            {
                category = properties.GetProperty("event_type").GetString(),
                description = $"{properties.GetProperty("source_platform").GetString()}：{properties.GetProperty("event_type").GetString()}",
                lon = coordinates[0].GetDouble(),
                lat = coordinates[1].GetDouble(),
                reportedAt,
                reporterName = properties.GetProperty("reporting_grid").GetString(),
                sourceRef = "xiacheng-" + properties.GetProperty("seq").GetInt32(),
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var ticket = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNo").GetString()!;
            expectedGrid[ticket] = HangzhouData.LabelledGrid(feature, labels);
            expectedTime[ticket] = reportedAt;
            expectedCategory[ticket] = properties.GetProperty("event_type").GetString()!;
        }

        var list = await _app.Client.GetFromJsonAsync<JsonElement>("/api/incidents?pageSize=500&sort=reported");
        var rows = list.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(228, list.GetProperty("total").GetInt32());
        Assert.All(rows, r => Assert.Equal(expectedCategory[r.GetProperty("ticketNo").GetString()!], r.GetProperty("categoryName").GetString()));
        Assert.All(rows, r => Assert.Equal(expectedTime[r.GetProperty("ticketNo").GetString()!], r.GetProperty("reportedAt").GetDateTimeOffset()));
        // As the data says: 226 in the grid their label names, two just across a border.
        Assert.Equal(226, rows.Count(r => r.GetProperty("gridCode").GetString() == expectedGrid[r.GetProperty("ticketNo").GetString()!]));

        var counts = await _app.Client.GetFromJsonAsync<JsonElement>("/api/incidents/counts/grids");
        Assert.Equal(228, counts.EnumerateArray().Sum(c => c.GetProperty("incidents").GetInt32()));
        var byLabel = expectedGrid.Values.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var ours = counts.EnumerateArray().ToDictionary(c => c.GetProperty("gridCode").GetString()!, c => c.GetProperty("incidents").GetInt32());
        var moved = byLabel.Keys.Union(ours.Keys).Sum(code => Math.Abs(byLabel.GetValueOrDefault(code) - ours.GetValueOrDefault(code)));
        Assert.True(moved <= 4, $"per-grid counts differ from the labels by {moved}; only the two border events may move");

        var first = rows[0].GetProperty("ticketNo").GetString()!;
        var page = await _app.Client.GetStringAsync($"/incidents/{first}");
        Assert.Contains(expectedCategory[first], page, StringComparison.Ordinal);
        Assert.Contains(expectedTime[first].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
    }
}
