using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: a throttled page is a styled Chinese page that says when to retry and links back; a throttled API
/// call is ProblemDetails 429; a global per-client ceiling counts every request, GETs included.</summary>
public sealed class TooManyRequestsTests : IAsyncLifetime
{
    private readonly WebApp _app = new() { RateLimit = 1, Settings = new() { ["RateLimits:GlobalPerMinute"] = "40" } };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Throttled_pages_api_calls_and_the_global_ceiling_answer_429_with_retry_after()
    {
        var client = _app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = "2026-000001", ["PhoneLastFour"] = "0000" })).StatusCode);

        var page = await client.PostFormAsync("/Status?x=1", new() { ["TrackingNumber"] = "2026-000001", ["PhoneLastFour"] = "0000" }, "/Status");

        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        var seconds = (int)page.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 60);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"请求过于频繁，请在{seconds}秒后重试。", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/site.css\">", html);
        Assert.Contains("<a id=\"retry\" href=\"/Status\">", html);

        var api = _app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
            statuses.Add((last = await api.GetAsync("/api/public/applications/2026-000001")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType!.MediaType);
        Assert.Contains("秒后重试", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.NotNull(last.Headers.RetryAfter);

        // GETs of pages are not limited per route; the global ceiling (40 a minute here) still stops them.
        var preview = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
            preview.Add((await client.GetAsync("/Preview")).StatusCode);
        Assert.Contains(HttpStatusCode.OK, preview);
        Assert.Equal(HttpStatusCode.TooManyRequests, preview[^1]);
    }
}
