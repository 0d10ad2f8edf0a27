using System.Text.Json;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;
using Npgsql;

namespace GridOps.TestSupport;

/// <summary>The real Xiacheng district in ../shared/data: importing it, and reading its events.</summary>
public static class HangzhouData
{
    public static async Task<ImportSummary> ImportAsync(TestDatabase database)
    {
        var mapping = ImportMapping.Parse(await File.ReadAllTextAsync(Path.Combine(SharedData.RepositoryRoot, "mappings", "hangzhou-xiacheng.json")));
        return await new HierarchyImporter(new HierarchyWriter(database.DataSource), StandaloneMeters.Metrics()).ImportAsync(
            mapping, file => File.OpenRead(Path.Combine(SharedData.HangzhouFolder, file)), null, CancellationToken.None);
    }

    /// <summary>The 228 grid events as GeoJSON features (the caller disposes the document).</summary>
    public static async Task<JsonDocument> EventsAsync() =>
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(SharedData.HangzhouFolder, "grid_events.geojson")));

    /// <summary>Event labels name their grid as "&lt;community without 社区&gt;网格&lt;N&gt;": label prefix → community code.</summary>
    public static async Task<Dictionary<string, string>> CommunityByLabelAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT replace(name, '社区', '网格'), code FROM areas WHERE level = 2");
        await using var reader = await command.ExecuteReaderAsync();
        var labels = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            labels[reader.GetString(0)] = reader.GetString(1);
        }

        return labels;
    }

    /// <summary>The grid code an event's label names, e.g. community TS-1 and label number 3 → TS-1-3.</summary>
    public static string LabelledGrid(JsonElement feature, Dictionary<string, string> communityByLabel)
    {
        var label = feature.GetProperty("properties").GetProperty("reporting_grid").GetString()!;
        var number = label.TrimStart().Length - label.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').Length;
        var prefix = label[..^number];
        return $"{communityByLabel[prefix]}-{label[^number..]}";
    }
}
