using System.Text.Json;
using System.Threading.Channels;

namespace GridOps.Web.Platform.Requests;

/// <summary>
/// A long import over HTTP with <c>Accept: application/x-ndjson</c>: one <c>{"progress": …}</c> line per step as it
/// happens, then one last line — the work's outcome, or its refusal. The status is 200 from the first line on, so
/// the last line carries the outcome (the boundary and history imports).
/// </summary>
internal static class NdJsonProgress
{
    public const string ContentType = "application/x-ndjson";

    public static bool IsAskedFor(HttpRequest request) => request.Headers.Accept.ToString().Contains(ContentType, StringComparison.OrdinalIgnoreCase);

    /// <param name="work">Does the work, reporting progress; answers the last line (e.g. <c>new { summary }</c>).</param>
    /// <param name="refusal">The last line for an exception that refuses the work (e.g. <c>new { refused = … }</c>); null lets it through.</param>
    public static async Task StreamAsync(HttpContext http, Func<IProgress<string>, Task<object>> work, Func<Exception, object?> refusal, CancellationToken cancellationToken)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        http.Response.ContentType = ContentType;
        var lines = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var pump = Task.Run(async () =>
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
            {
                await http.Response.WriteAsync(JsonSerializer.Serialize(line, options) + "\n", cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }, cancellationToken);

        try
        {
            lines.Writer.TryWrite(await work(new LineProgress(lines.Writer)));
        }
        catch (Exception e) when (refusal(e) is { } last)
        {
            lines.Writer.TryWrite(last);
        }
        finally
        {
            lines.Writer.Complete();
            await pump;
        }
    }

    private sealed class LineProgress(ChannelWriter<object> writer) : IProgress<string>
    {
        public void Report(string value) => writer.TryWrite(new { progress = value });
    }
}
