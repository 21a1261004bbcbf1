using CaseFlow.Domain.Supervision;

namespace CaseFlow.Domain.Tests.Supervision;

/// <summary>Art. 44: marking information for proactive disclosure and recording its publication.</summary>
public class ProactiveDisclosureRuleTests
{
    [Theory]
    [InlineData("2026-03-10", "https://www.example.gov.cn/zwgk/2026/0310.html", null)]
    [InlineData("2026-03-05", "http://example.gov.cn/a", null)]                 // the day it was marked
    [InlineData("2026-03-04", "https://example.gov.cn/a", "publishedOn")]       // before it was marked
    [InlineData("2026-03-11", "https://example.gov.cn/a", "publishedOn")]       // after today
    [InlineData(null, "https://example.gov.cn/a", "publishedOn")]
    [InlineData("2026-03-10", "www.example.gov.cn/a", "url")]                   // not absolute
    [InlineData("2026-03-10", "javascript:alert(1)", "url")]
    [InlineData("2026-03-10", "ftp://example.gov.cn/a", "url")]
    [InlineData("2026-03-10", "", "url")]
    public void A_publication_has_a_date_between_marking_and_today_and_a_web_address(string? on, string url, string? field)
    {
        var refusal = ProactiveDisclosureRule.RefusePublication(on is null ? null : Dates.Iso(on), url, 5.March(2026), 10.March(2026));

        Assert.Equal(field, refusal?.Field);
    }

    [Fact]
    public void An_overlong_address_is_refused() =>
        Assert.Equal("url", ProactiveDisclosureRule.RefusePublication(10.March(2026), "https://example.gov.cn/" + new string('a', 1000), 5.March(2026), 10.March(2026))?.Field);

    [Theory]
    [InlineData("本区老旧小区改造资金使用明细", 3, null)]
    [InlineData(" ", 3, "subject")]
    [InlineData("本区老旧小区改造资金使用明细", 0, "requests")]
    public void A_mark_names_the_information_and_its_requests(string subject, int requests, string? field) =>
        Assert.Equal(field, ProactiveDisclosureRule.RefuseMark(subject, requests)?.Field);

    [Fact]
    public void The_reply_tells_where_the_information_is_published() =>
        Assert.Equal("本机关已于2026年3月10日主动公开，可通过以下网址查阅：https://example.gov.cn/a",
            ProactiveDisclosureRule.WhereZh(10.March(2026), " https://example.gov.cn/a "));
}
