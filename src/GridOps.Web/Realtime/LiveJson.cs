using System.Text.Json;

namespace GridOps.Web.Realtime;

/// <summary>The JSON shape live data has everywhere: in hub messages, snapshots and data attributes (camelCase).</summary>
public static class LiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
