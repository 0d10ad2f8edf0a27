using System.Net;
using System.Text.Json;
using Xunit;

namespace GridOps.TestSupport;

/// <summary>What a client is told when it sent something wrong: the status, and the field it must fix.</summary>
public static class Problems
{
    /// <summary>Asserts the status and that the ProblemDetails names <paramref name="field"/> among its errors.</summary>
    public static async Task AssertNamesAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {Clip(body)}");
        Assert.True(NamedFields(body).Any(f => f.Equals(field, StringComparison.OrdinalIgnoreCase) || f.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)),
            $"the answer does not name '{field}': {Clip(body)}");
    }

    /// <summary>The field names a ProblemDetails body lists under <c>errors</c> (empty when it is no such body).</summary>
    public static IReadOnlyList<string> NamedFields(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? [.. errors.EnumerateObject().Select(p => p.Name)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Clip(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
