using System.Net;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 17 item 4 (Art. 44) through the real app: from a group alert the information is marked for proactive
/// disclosure; the agency's list shows what, by whom and when, and the publication (date and validated address); the 101
/// replies to the group offer the published address; every step is audited; another agency sees and changes nothing.</summary>
[Collection(nameof(WebCollection))]
public sealed class ProactiveDisclosureTests(WebApp app)
{
    private async Task<string> RegisterAsync(string name, string description) =>
        (await app.WithApiKey().RegisterAsync(Seed.Registration(name: name, description: description))).GetProperty("id").GetString()!;

    [Fact]
    public async Task A_group_alert_is_marked_published_listed_and_cited_by_the_replies_to_the_group()
    {
        var ids = new[]
        {
            await RegisterAsync("公开甲", "申请公开城东片区老旧供水管网改造工程竣工验收报告。"),
            await RegisterAsync("公开乙", "请公开城东片区老旧供水管网改造工程的竣工验收报告"),
            await RegisterAsync("公开丙", "申请公开：城东片区老旧供水管网改造工程竣工验收报告。"),
        };
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);

        // The alert offers the mark, with the group's requests.
        var warnings = await supervisor.GetStringAsync("/Supervision/Warnings");
        Assert.Contains("纳入主动公开范围（第四十四条）", warnings);
        Assert.All(ids, id => Assert.Contains($"name=\"requestIds\" value=\"{id}\"", warnings));

        // A request id that is not one is refused naming the requests; nothing is stored.
        var malformed = await PostManyAsync(supervisor, "/Requests/ProactiveDisclosure?handler=Mark", "/Supervision/Warnings",
            [("subject", "城东片区老旧供水管网改造工程竣工验收报告"), ("requestIds", string.Join(",", ids))]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM proactive_disclosures WHERE subject = '城东片区老旧供水管网改造工程竣工验收报告'"));
        var         marked = await PostManyAsync(supervisor, "/Requests/ProactiveDisclosure?handler=Mark", "/Supervision/Warnings",
            [("subject", "城东片区老旧供水管网改造工程竣工验收报告"), .. ids.Select(i => ("requestIds", i))]);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);

        var list = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/Requests/ProactiveDisclosure"));
        Assert.Contains("城东片区老旧供水管网改造工程竣工验收报告", list);
        Assert.Contains("sup1", list);
        var markId = System.Text.RegularExpressions.Regex.Match(list, "data-id=\"([0-9a-f-]{36})\"").Groups[1].Value;

        // The address is validated and named in the error; nothing is recorded.
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var bad = await caseworker.PostFormAsync("/Requests/ProactiveDisclosure?handler=Publish",
            new() { ["id"] = markId, ["publishedOn"] = Seed.Today(), ["url"] = "javascript:alert(1)" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("请填写公开的网址", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        var published = await caseworker.PostFormAsync("/Requests/ProactiveDisclosure?handler=Publish",
            new() { ["id"] = markId, ["publishedOn"] = Seed.Today(), ["url"] = "https://www.example.gov.cn/zwgk/csgw.html" });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("https://www.example.gov.cn/zwgk/csgw.html", await caseworker.GetStringAsync("/Requests/ProactiveDisclosure"));

        // The 101 reply to a request of the group offers the published address as where the information is.
        var letters = WebUtility.HtmlDecode(await caseworker.GetStringAsync($"/Requests/Letters/{ids[1]}?type=reply&outcome=101"));
        Assert.Contains("可通过以下网址查阅：https://www.example.gov.cn/zwgk/csgw.html", letters);

        // Audited on each request of the group, append-only.
        Assert.Equal(3, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE activity = 'MarkForProactiveDisclosure' AND actor = 'sup1' AND request_id IN (@A, @B, @C)",
            new { A = ids[0], B = ids[1], C = ids[2] }));
        Assert.Equal(3, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE activity = 'PublishProactiveDisclosure' AND actor = 'cw1' AND request_id IN (@A, @B, @C)",
            new { A = ids[0], B = ids[1], C = ids[2] }));

        // Another agency: the list does not show it, its publication cannot be changed, its requests cannot be marked.
        var other = await app.SignedInAsync("cw2");
        Assert.DoesNotContain("城东片区老旧供水管网改造工程竣工验收报告", await other.GetStringAsync("/Requests/ProactiveDisclosure"));
        var foreignPublish = await other.PostFormAsync("/Requests/ProactiveDisclosure?handler=Publish",
            new() { ["id"] = markId, ["publishedOn"] = Seed.Today(), ["url"] = "https://evil.example.com/" });
        Assert.Equal(HttpStatusCode.NotFound, foreignPublish.StatusCode);
        var foreignMark = await PostManyAsync(other, "/Requests/ProactiveDisclosure?handler=Mark", "/Requests/ProactiveDisclosure",
            [("subject", "他机关的信息"), ("requestIds", ids[0])]);
        Assert.Equal(HttpStatusCode.BadRequest, foreignMark.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM proactive_disclosures WHERE subject = '他机关的信息'"));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM proactive_disclosures WHERE id = @Id AND published_url = 'https://www.example.gov.cn/zwgk/csgw.html'", new { Id = markId }));
    }

    /// <summary>Posts a form with repeated names (as a browser posts hidden inputs of one name), with the page's token.</summary>
    private static async Task<HttpResponseMessage> PostManyAsync(HttpClient client, string url, string pageUrl, IEnumerable<(string Name, string Value)> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var pairs = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        return await client.PostAsync(url, new FormUrlEncodedContent(pairs));
    }
}
