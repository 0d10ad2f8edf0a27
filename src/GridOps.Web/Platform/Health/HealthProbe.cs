namespace GridOps.Web.Platform.Health;

/// <summary>
/// <c>dotnet GridOps.Web.dll --health-probe</c>: asks a running GridOps whether it is ready, for
/// container health checks in images that carry no curl.
/// </summary>
internal static class HealthProbe
{
    public static bool IsProbe(string[] args) => args is ["--health-probe"];

    public static async Task<int> RunAsync()
    {
        var url = (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5080").Split(';')[0]
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("+", "127.0.0.1", StringComparison.Ordinal).Replace("*", "127.0.0.1", StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(url), "/healthz/ready"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}
