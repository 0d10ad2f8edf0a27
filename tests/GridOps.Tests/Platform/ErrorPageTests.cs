using System.Net;
using GridOps.TestSupport;

namespace GridOps.Tests.Platform;

/// <summary>A failed request tells a person what happened and what to do, in their language; machines keep ProblemDetails.</summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("zh-CN", "找不到这个页面")]
    [InlineData("en-US,en;q=0.8", "This page does not exist")]
    public async Task AnUnknownPage_InABrowser_IsA404PageInTheBrowsersLanguage(string language, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        request.Headers.Add("Accept-Language", language);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownApiPath_StaysProblemDetails()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Add("Accept", "text/html,application/json");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
