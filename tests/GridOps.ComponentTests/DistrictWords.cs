using GridOps.TestSupport;

namespace GridOps.ComponentTests;

/// <summary>The demo district's own level words for one test, set in the database and taken back when it is done
/// (the fixture's app is shared by the class's other tests).</summary>
internal sealed class DistrictWords : IAsyncDisposable
{
    private readonly TestApp _app;
    private readonly string _district;

    private DistrictWords(TestApp app, string district) => (_app, _district) = (app, district);

    /// <summary>Names the levels: <paramref name="levelNamesJson"/> as the setting stores it, {"zh-CN": {"Street": "片区"}}.</summary>
    public static async Task<DistrictWords> UseAsync(TestApp app, string levelNamesJson)
    {
        var district = (await app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 ORDER BY id LIMIT 1"))[0];
        await app.Database.ExecuteAsync($"""
            INSERT INTO district_settings (district_code, level_names) VALUES ('{district}', '{levelNamesJson}')
            ON CONFLICT (district_code) DO UPDATE SET level_names = excluded.level_names
            """);
        app.Service<GridOps.Web.Features.Districts.DistrictZones>().Forget();
        return new DistrictWords(app, district);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.Database.ExecuteAsync($"UPDATE district_settings SET level_names = NULL WHERE district_code = '{_district}'");
        _app.Service<GridOps.Web.Features.Districts.DistrictZones>().Forget();
    }
}
