using System.Text.RegularExpressions;

namespace GridOps.TestSupport;

/// <summary>Signs a client in the way a browser does: fetch the form (and its antiforgery token), post it.</summary>
public static partial class SignIn
{
    public static async Task WithPasswordAsync(HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/sign-in");
        using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/account",
        }));
        var landed = response.Headers.Location?.OriginalString ?? response.RequestMessage?.RequestUri?.AbsolutePath;
        if (landed != "/account")
        {
            throw new InvalidOperationException($"Signing in as {userName} failed: ended at {response.RequestMessage?.RequestUri}");
        }
    }

    /// <summary>The hidden antiforgery field of the first form on a page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenField().Match(html);
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {page}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
