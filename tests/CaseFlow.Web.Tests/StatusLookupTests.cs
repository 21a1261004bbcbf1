using System.Net;

namespace CaseFlow.Web.Tests;

/// <summary>查询办理进度: the applicant's public page shows the state and the due date and nothing else.</summary>
[Collection(nameof(WebCollection))]
public sealed class StatusLookupTests(WebApp app)
{
    [Fact]
    public async Task The_tracking_number_and_the_phones_last_four_digits_show_state_and_due_date_only()
    {
        var created = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "查询人"));
        var number = created.GetProperty("trackingNumber").GetString()!;
        var client = app.Anonymous();

        var found = await (await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = number, ["PhoneLastFour"] = "8000" })).Content.ReadAsStringAsync();
        var wrong = await (await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = number, ["PhoneLastFour"] = "1234" })).Content.ReadAsStringAsync();

        Assert.Contains("办理中", found);
        Assert.Contains("答复期限", found);
        Assert.DoesNotContain("查询人", found);
        Assert.DoesNotContain("老旧小区", found);
        Assert.Contains("未找到与受理编号和手机号后四位相符的申请", wrong);
        Assert.DoesNotContain("办理中", wrong);
    }
}

/// <summary>The public lookup is rate-limited per client address.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly WebApp _app = new() { RateLimit = 3 };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_fourth_lookup_in_a_minute_is_refused()
    {
        var client = _app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = "2026-000001", ["PhoneLastFour"] = "0000" })).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Spellings_of_the_same_route_share_one_limit()
    {
        var client = _app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        foreach (var url in new[] { "/status", "/STATUS", "/Status/", "/Status" })
            statuses.Add((await client.PostFormAsync(url, new() { ["TrackingNumber"] = "2026-000001", ["PhoneLastFour"] = "0000" }, "/Status")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
