using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 17 item 3, Art. 35 through the API and the request page: ask one applicant's requests for the reasons and
/// set a later reasonable reply date as one batch decision (one command per request).</summary>
[Collection(nameof(WebCollection))]
public sealed class ExcessiveRequestTests(WebApp app)
{
    [Fact]
    public async Task A_batch_decision_on_one_applicants_requests_sets_the_later_reply_date_on_each()
    {
        var api = app.WithApiKey();
        var applicant = Seed.Registration(name: "赵大量");
        applicant["applicantIdDocument"] = "居民身份证 11010519800101001X";
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add((await api.RegisterAsync(applicant)).GetProperty("id").GetString()!);
        // Another applicant asking for something unrelated: not one early-warning group with these requests.
        var someoneElse = (await api.RegisterAsync(Seed.Registration(name: "周无关", description: "查询本镇2019年防汛物资储备台账。"))).GetProperty("id").GetString()!;

        // The page acts only through the letter (the API keeps the bare act for the batch without letters: true).
        var page = await (await app.AsRoleAsync(Roles.Caseworker)).GetStringAsync($"/Requests/Details/{ids[0]}");
        Assert.Contains("id=\"draft-reasons-request\"", page);
        Assert.DoesNotContain("id=\"action-reasons-request\"", page);

        var ask = new { date = Seed.Today(), dueOn = Seed.Today(10), reason = "该申请人10日内提出30件内容相近的申请。" };
        var mixed = await api.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = ids.Append(someoneElse), input = ask });
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.True((await mixed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("requestIds", out _));

        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = ids, input = ask })).StatusCode);
        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = ids, input = ask })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = ids, input = ask })).StatusCode);

        var asked = await api.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = ids, input = ask });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.All((await asked.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), r => Assert.True(r.GetProperty("accepted").GetBoolean()));

        var missing = await api.PostAsJsonAsync("/api/requests/batch/reasonable-period", new { requestIds = ids, input = new { date = Seed.Today() } });
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("dueOn", out _));
        Assert.True(errors.TryGetProperty("reasons", out _));

        var later = Seed.Today(90);
        var decided = await api.PostAsJsonAsync("/api/requests/batch/reasonable-period",
            new { requestIds = ids, input = new { date = Seed.Today(), dueOn = later, reasons = "申请人说明系课题研究需要，理由合理；检索量大。" } });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.All((await decided.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), r => Assert.True(r.GetProperty("accepted").GetBoolean(), r.ToString()));
        foreach (var id in ids)
            Assert.Equal(later, (await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("deadlines").GetProperty("replyDueOn").GetString());
        Assert.NotEqual(later, (await api.GetFromJsonAsync<JsonElement>($"/api/requests/{someoneElse}")).GetProperty("deadlines").GetProperty("replyDueOn").GetString());
    }

    [Fact]
    public async Task From_an_early_warning_the_supervisor_asks_one_applicant_for_the_reasons_on_each_request()
    {
        var api = app.WithApiKey();
        var applicant = Seed.Registration(name: "钱频繁");
        applicant["applicantIdDocument"] = "居民身份证 110105198002020028";
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add((await api.RegisterAsync(applicant)).GetProperty("id").GetString()!);
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);

        var missing = await supervisor.PostFormAsync("/Supervision/Warnings?handler=AskForReasons",
            new() { ["requestIds[0]"] = ids[0], ["requestIds[1]"] = ids[1], ["grounds"] = "10日内申请30件。" });
        Assert.Contains("说明理由的期限", await missing.Content.ReadAsStringAsync());

        var asked = await supervisor.PostFormAsync("/Supervision/Warnings?handler=AskForReasons",
            new() { ["requestIds[0]"] = ids[0], ["requestIds[1]"] = ids[1], ["grounds"] = "10日内申请30件。", ["dueOn"] = Seed.Today(10) });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("已要求说明理由", await asked.Content.ReadAsStringAsync());
        foreach (var id in ids)
        {
            var details = await supervisor.GetStringAsync($"/Requests/Details/{id}");
            Assert.Contains("id=\"draft-reasonable-period-notice\"", details);
            Assert.Contains("id=\"reasons-asked\"", details);
            Assert.DoesNotContain("id=\"action-reasonable-period\"", details);
        }
    }

    [Fact]
    public async Task A_group_of_applicants_asking_for_similar_information_is_asked_for_the_reasons_in_one_decision_one_letter_each()
    {
        var api = app.WithApiKey();
        const string about = "申请公开本市2025年第三季度共享单车投放企业名单及车辆调度数据";
        var group = new List<string>();
        foreach (var (name, doc) in new[] { ("冯甲", "110105198003030013"), ("陈乙", "110105198004040038"), ("褚丙", "110105198005050051") })
        {
            var applicant = Seed.Registration(name: name, description: about + "。");
            applicant["applicantIdDocument"] = "居民身份证 " + doc;
            group.Add((await api.RegisterAsync(applicant)).GetProperty("id").GetString()!);
        }
        var unrelated = Seed.Registration(name: "卫丁", description: "查询本镇2018年防汛物资储备台账明细。");
        unrelated["applicantIdDocument"] = "居民身份证 110105198006060030";
        var outsider = (await api.RegisterAsync(unrelated)).GetProperty("id").GetString()!;
        var ask = new { date = Seed.Today(), dueOn = Seed.Today(15), reason = "30日内多个申请人提出内容相同的申请。" };

        // Several applicants not forming one similar-requests alert: refused, nothing sent.
        var notAGroup = await api.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = group.Append(outsider), input = ask, letters = true });
        Assert.Equal(HttpStatusCode.BadRequest, notAGroup.StatusCode);
        Assert.True((await notAGroup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("requestIds", out _));
        Assert.Equal(0L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id IN ('{string.Join("','", group)}')"));

        // The group of the alert (three applicants, the detection of /Supervision/Warnings): one decision, one numbered letter each.
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        Assert.Contains("对本组全部申请要求说明理由（每件一份通知书）", await supervisor.GetStringAsync("/Supervision/Warnings"));
        var asked = await api.PostAsJsonAsync("/api/requests/batch/reasons-request", new { requestIds = group.Take(2), input = ask, letters = true });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var results = (await asked.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.GetProperty("accepted").GetBoolean(), r.ToString()));
        Assert.All(results, r => Assert.Matches(@"说告第\d+号$", r.GetProperty("documentNumber").GetString()));
        Assert.Equal(2, results.Select(r => r.GetProperty("documentNumber").GetString()).Distinct().Count());

        // The page's group form: the third request gets its own letter, from the same alert.
        var page = await supervisor.PostFormAsync("/Supervision/Warnings?handler=AskForReasons",
            new() { ["requestIds[0]"] = group[2], ["grounds"] = "30日内多个申请人提出内容相同的申请。", ["dueOn"] = Seed.Today(15) });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("已要求说明理由（", await page.Content.ReadAsStringAsync());
        foreach (var id in group)
        {
            Assert.Equal(1L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id = '{id}' AND document_number LIKE '%说告第%号'"));
            // The letter was the act: the page now offers the next Art. 35 letter, not a bare form.
            var details = await supervisor.GetStringAsync($"/Requests/Details/{id}");
            Assert.Contains("id=\"draft-reasonable-period-notice\"", details);
            Assert.DoesNotContain("id=\"action-reasonable-period\"", details);
        }
        Assert.Equal(0L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id = '{outsider}'"));

        // The later reasonable date for the whole group: one numbered 延迟答复告知书 per request, each setting its due date.
        var later = Seed.Today(80);
        var told = await api.PostAsJsonAsync("/api/requests/batch/reasonable-period",
            new { requestIds = group, input = new { date = Seed.Today(), dueOn = later, reasons = "所需信息须向多个部门调取汇总" }, letters = true });
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        Assert.All((await told.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), r =>
        {
            Assert.True(r.GetProperty("accepted").GetBoolean(), r.ToString());
            Assert.Matches(@"迟告第\d+号$", r.GetProperty("documentNumber").GetString());
        });
        foreach (var id in group)
            Assert.Equal(later, (await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("deadlines").GetProperty("replyDueOn").GetString());
    }
}
