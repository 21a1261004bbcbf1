using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 17 item 4 rest (Art. 44): <c>/api/proactive-disclosures</c> lists the agency's marks, marks a group of
/// its requests and records the publication, with ProblemDetails naming the field; and caseworkers read the group alerts
/// and mark from them, while the other supervision pages stay the supervisor's.</summary>
[Collection(nameof(WebCollection))]
public sealed class ProactiveDisclosureApiTests(WebApp app)
{
    private async Task<string> RegisterAsync(string name, string description) =>
        (await app.WithApiKey().RegisterAsync(Seed.Registration(name: name, description: description))).GetProperty("id").GetString()!;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_api_marks_lists_and_records_the_publication_and_another_agency_neither_sees_nor_changes_it()
    {
        var ids = new[] { await RegisterAsync("接口甲", "申请公开城西污水处理厂扩建工程环评批复。"), await RegisterAsync("接口乙", "请公开城西污水处理厂扩建工程的环评批复") };
        var api = app.WithApiKey();

        var empty = await api.PostAsJsonAsync("/api/proactive-disclosures", new { subject = " ", requestIds = ids });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(empty)).GetProperty("errors").TryGetProperty("subject", out _));
        var notOurs = await api.PostAsJsonAsync("/api/proactive-disclosures", new { subject = "城西污水处理厂扩建工程环评批复", requestIds = new[] { ids[0], Guid.NewGuid().ToString() } });
        Assert.Equal(HttpStatusCode.BadRequest, notOurs.StatusCode);
        Assert.True((await JsonAsync(notOurs)).GetProperty("errors").TryGetProperty("requestIds", out _));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM proactive_disclosures WHERE subject = '城西污水处理厂扩建工程环评批复'"));

        var marked = await api.PostAsJsonAsync("/api/proactive-disclosures", new { subject = "城西污水处理厂扩建工程环评批复", requestIds = ids });
        Assert.Equal(HttpStatusCode.Created, marked.StatusCode);
        var mark = await JsonAsync(marked);
        var id = mark.GetProperty("id").GetString()!;
        Assert.Equal(ids.Order(StringComparer.Ordinal), mark.GetProperty("requestIds").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("api:portal", mark.GetProperty("markedBy").GetString());

        var badUrl = await api.PostAsJsonAsync($"/api/proactive-disclosures/{id}/publication", new { publishedOn = Seed.Today(), url = "javascript:alert(1)" });
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.True((await JsonAsync(badUrl)).GetProperty("errors").TryGetProperty("url", out _));
        var badDate = await api.PostAsJsonAsync($"/api/proactive-disclosures/{id}/publication", new { publishedOn = Seed.Today(1), url = "https://www.example.gov.cn/a.html" });
        Assert.True((await JsonAsync(badDate)).GetProperty("errors").TryGetProperty("publishedOn", out _));
        var published = await api.PostAsJsonAsync($"/api/proactive-disclosures/{id}/publication", new { publishedOn = Seed.Today(), url = "https://www.example.gov.cn/zwgk/wsc.html" });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var publication = await JsonAsync(published);
        Assert.Equal((Seed.Today(), "https://www.example.gov.cn/zwgk/wsc.html"),
            (publication.GetProperty("publishedOn").GetString(), publication.GetProperty("publishedUrl").GetString()));

        var list = await JsonAsync(await api.GetAsync("/api/proactive-disclosures"));
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetString() == id && m.GetProperty("publishedUrl").GetString() == "https://www.example.gov.cn/zwgk/wsc.html");
        Assert.Equal(2, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE activity = 'PublishProactiveDisclosure' AND request_id IN (@A, @B)", new { A = ids[0], B = ids[1] }));

        var other = await app.SignedInAsync("cw2");
        Assert.DoesNotContain(id, await other.GetStringAsync("/api/proactive-disclosures"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/proactive-disclosures/{id}/publication",
            new { publishedOn = Seed.Today(), url = "https://evil.example.com/" })).StatusCode);
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.PostAsJsonAsync("/api/proactive-disclosures", new { subject = "x", requestIds = ids })).StatusCode);
    }

    [Fact]
    public async Task A_caseworker_reads_the_group_alerts_and_marks_from_them_but_not_the_other_supervision_pages()
    {
        var ids = new[]
        {
            await RegisterAsync("预警甲", "申请公开城北菜市场改造项目招标文件及中标结果。"),
            await RegisterAsync("预警乙", "请公开城北菜市场改造项目的招标文件及中标结果"),
            await RegisterAsync("预警丙", "申请公开：城北菜市场改造项目招标文件及中标结果。"),
        };
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);

        var warnings = await caseworker.GetStringAsync("/Supervision/Warnings");
        Assert.Contains("纳入主动公开范围（第四十四条）", warnings);
        Assert.All(ids, id => Assert.Contains($"name=\"requestIds\" value=\"{id}\"", warnings));
        Assert.DoesNotContain("href=\"/Supervision/FollowUp\"", warnings);   // the supervision menu is the supervisor's

        var fields = new List<KeyValuePair<string, string>> { new("subject", "城北菜市场改造项目招标文件及中标结果") };
        fields.AddRange(ids.Select(i => new KeyValuePair<string, string>("requestIds", i)));
        var token = System.Text.RegularExpressions.Regex.Match(warnings, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        var marked = await caseworker.PostAsync("/Requests/ProactiveDisclosure?handler=Mark", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal(3, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE activity = 'MarkForProactiveDisclosure' AND actor = 'cw1' AND request_id IN (@A, @B, @C)",
            new { A = ids[0], B = ids[1], C = ids[2] }));

        foreach (var page in new[] { "/Supervision", "/Supervision/FollowUp", "/Supervision/Report", "/Supervision/Extensions" })
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync("/Supervision/Warnings?agency=a2")).StatusCode);
    }
}
