using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Districts;

/// <summary>GET and PUT /api/districts/{code}/settings on the demo district: who may, and what is refused.</summary>
public sealed class DistrictSettingsApiTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private string _district = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _district = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND retired_at IS NULL"))[0];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnAdministratorSetsTheSnapTolerance_AndReadsItBack()
    {
        var before = await _app.Client.GetFromJsonAsync<JsonElement>($"/api/districts/{_district}/settings");
        using var put = await _app.Client.PutAsJsonAsync($"/api/districts/{_district}/settings", new { snapToleranceMetres = 45.5 });
        var after = await _app.Client.GetFromJsonAsync<JsonElement>($"/api/districts/{_district}/settings");

        Assert.Equal(30, before.GetProperty("snapToleranceMetres").GetDouble());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(45.5, after.GetProperty("snapToleranceMetres").GetDouble());
    }

    [Theory]
    [InlineData("""{ "snapToleranceMetres": 500 }""", "snapToleranceMetres")]
    [InlineData("""{ "snapToleranceMetres": -1 }""", "snapToleranceMetres")]
    [InlineData("""{ "timeZone": "Mars/Olympus_Mons" }""", "timeZone")]
    [InlineData("""{ "timeZone": "Eastern Standard Time" }""", "timeZone")]
    [InlineData("""{ "timeZone": "America/New_York", "snapToleranceMetres": 999 }""", "snapToleranceMetres")]
    public async Task AToleranceOutOfRange_IsRefusedByField_AndNothingChanges(string body, string field)
    {
        using var put = await _app.Client.PutAsync($"/api/districts/{_district}/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM district_settings"));
    }

    [Fact]
    public async Task AWronglyTypedBody_IsABadRequest_NotAnError()
    {
        using var put = await _app.Client.PutAsync($"/api/districts/{_district}/settings",
            new StringContent("""{ "snapToleranceMetres": "far" }""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM district_settings"));
    }

    [Fact]
    public async Task AnUnknownDistrict_Is404_AndPeopleWithoutTheRight_AreRefused()
    {
        using var unknown = await _app.Client.PutAsJsonAsync("/api/districts/NOPE/settings", new { snapToleranceMetres = 10 });
        var leader = await _app.SignInAsync("leader");
        using var byLeader = await leader.PutAsJsonAsync($"/api/districts/{_district}/settings", new { snapToleranceMetres = 10 });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLeader.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM district_settings"));
    }
}
