using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GridOps.Web.Platform.Requests;

/// <summary>Finds, in a form the framework would not read, the first field whose text cannot be stored —
/// so the answer names it, as for every other bad field (issue 15).</summary>
internal static class UnreadableFormField
{
    private const int MaxScannedBytes = 4 * 1024 * 1024;

    /// <summary>One field's value from a url-encoded form the framework would not read (the body is buffered); null when absent.</summary>
    public static async Task<string?> ValueOfAsync(HttpRequest request, string field, CancellationToken cancellationToken)
    {
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        return (await ReadTextAsync(request, cancellationToken)).Split('&').Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2 && Decode(parts[0]) == field).Select(parts => Decode(parts[1])).FirstOrDefault();
    }

    public static async Task<string?> FindAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var pair in (await ReadTextAsync(request, cancellationToken)).Split('&'))
            {
                var parts = pair.Split('=', 2);
                var name = Decode(parts[0]);
                if (StorableText.Problem(name) is not null || (parts.Length > 1 && StorableText.Problem(Decode(parts[1])) is not null))
                {
                    return StorableText.Problem(name) is null ? name : "name of a field";
                }
            }

            return null;
        }

        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        var multipart = new MultipartReader(boundary, request.Body);
        while (await multipart.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFormDisposition())
            {
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                if (StorableText.Problem(await text.ReadToEndAsync(cancellationToken)) is not null)
                {
                    return HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                }
            }
        }

        return null;
    }

    // Read what was sent (the body is buffered already), not a fixed buffer: a few KB must not cost megabytes.
    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var text = new StringBuilder();
        var chunk = new char[16 * 1024];
        int read;
        while (text.Length < MaxScannedBytes && (read = await reader.ReadAsync(chunk, cancellationToken)) > 0)
        {
            text.Append(chunk, 0, read);
        }

        return text.ToString();
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
