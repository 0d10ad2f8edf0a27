using System.Text.RegularExpressions;

namespace GridOps.TestSupport;

/// <summary>Signs a client in the way a browser does: fetch the form (and its antiforgery token), post it.</summary>
public static partial class SignIn
{
    public static async Task WithPasswordAsync(HttpClient client, string userName, string password)
    {
        using var response = await PostAsync(client, userName, password);
        var landed = response.Headers.Location?.OriginalString ?? response.RequestMessage?.RequestUri?.AbsolutePath;
        if (landed != "/account")
        {
            throw new InvalidOperationException($"Signing in as {userName} failed: ended at {response.RequestMessage?.RequestUri}");
        }
    }

    /// <summary>Posts the sign-in form (returning to /account) and answers what the server said.</summary>
    /// <param name="forwardedFor">A client address a reverse proxy would name in X-Forwarded-For.</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string? forwardedFor = null)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/sign-in");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/account",
            }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The hidden antiforgery field of the first form on a page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenField().IsMatch(html) ? TokenIn(html) : throw new InvalidOperationException($"No antiforgery token on {page}");
    }

    /// <summary>The hidden antiforgery field of the first form in a page's HTML (empty when there is none).</summary>
    public static string TokenIn(string html) => System.Net.WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
