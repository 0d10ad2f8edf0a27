using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Hotline;

/// <summary>12345 batches: a result per row, idempotent by the hotline's ticket id.</summary>
public sealed class HotlineBatchTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> PostCsvAsync(string csv)
    {
        using var response = await _app.WithKey(TestApp.HotlineKey).PostAsync("/api/hotline/tickets", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> CountAsync()
    {
        await using var command = _app.Database.DataSource.CreateCommand("SELECT count(*) FROM incidents WHERE source = 2");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private const string Header = "ticket_id,category_code,title,description,address,lon,lat,crs,reported_at,caller_name,caller_phone\n";

    [Fact]
    public async Task Csv_MixedBatch_ReportsEveryRowAndStoresOnlyTheGoodOnes()
    {
        var csv = Header
            + "HL-1,12345-401,垃圾满溢,\"小区门口垃圾桶满溢，\"\"多日\"\"未清运\",青山路1号,,,,2026-11-20 09:30:00,王先生,138****0000\n"
            + "HL-2,12345-999,?,未知类别,,,,,,,\n"
            + "HL-3,12345-404,噪声,夜间施工噪声,,abc,30.1,,,,\n"
            + "HL-4,12345-404,噪声,只有三列\n"
            + "HL-5,12345-602,井盖,\"井盖缺失\"x,,,,,,,\n"
            + "HL-6,12345-602,井盖,路口井盖缺失,,,,,,,\n";

        var result = await PostCsvAsync(csv);

        Assert.Equal(6, result.GetProperty("received").GetInt32());
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(4, result.GetProperty("rejected").GetInt32());
        var rows = result.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("ticketId").GetString() ?? "", r => r);
        Assert.Equal("created", rows["HL-1"].GetProperty("status").GetString());
        Assert.True(rows["HL-2"].GetProperty("errors").TryGetProperty("category_code", out _));
        Assert.True(rows["HL-3"].GetProperty("errors").TryGetProperty("lon", out _));
        Assert.True(rows["HL-4"].GetProperty("errors").TryGetProperty("row", out _));
        Assert.True(rows["HL-5"].GetProperty("errors").TryGetProperty("row", out _));
        Assert.Equal(2, await CountAsync());

        var incident = await _app.Client.GetFromJsonAsync<JsonElement>("/api/incidents/" + rows["HL-1"].GetProperty("incidentTicketNo").GetString());
        Assert.Equal("小区门口垃圾桶满溢，\"多日\"未清运", incident.GetProperty("description").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.FromHours(8)), incident.GetProperty("reportedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Csv_SentTwice_CreatesNothingTheSecondTime()
    {
        var csv = Header + "HL-10,12345-401,垃圾,垃圾满溢,,,,,,,\nHL-11,12345-603,路灯,路灯不亮,,,,,,,\n";
        var first = await PostCsvAsync(csv);
        var second = await PostCsvAsync(csv);

        Assert.Equal(2, first.GetProperty("created").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(first.GetProperty("rows")[0].GetProperty("incidentTicketNo").GetString(), second.GetProperty("rows")[0].GetProperty("incidentTicketNo").GetString());
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task Json_Batch_IsReadLikeCsv()
    {
        var json = """[{"ticket_id":"HL-20","category_code":"12345-404","description":"夜间噪声","lon":120.1,"lat":30.2},{"ticket_id":"HL-21"},"oops"]""";
        using var response = await _app.WithKey(TestApp.HotlineKey).PostAsync("/api/hotline/tickets", new StringContent(json, Encoding.UTF8, "application/json"));
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Csv_WithoutTheRequiredHeader_IsRefusedWhole()
    {
        using var response = await _app.WithKey(TestApp.HotlineKey).PostAsync("/api/hotline/tickets", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ticket_id", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }
}
