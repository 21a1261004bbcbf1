using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseFlow.Web.Tests;

public sealed class DeadlinePreviewTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Health_page_answers()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Preview_shows_the_reply_due_date_in_chinese()
    {
        var html = await factory.CreateClient().GetStringAsync("/?received=2024-09-27");

        Assert.Contains("2024年10月30日（星期三）", html);
        Assert.Contains("2024年10月12日（星期六）", html);
    }

    [Fact]
    public async Task An_impossible_date_is_named_in_chinese()
    {
        var html = await factory.CreateClient().GetStringAsync("/?received=2024-02-30");

        Assert.Contains("「收到申请之日」不是有效日期。", html);
        Assert.DoesNotContain("答复期限</th>", html);
    }
}
