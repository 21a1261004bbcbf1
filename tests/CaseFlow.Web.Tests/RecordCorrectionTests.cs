using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 17 item 6 (Art. 41) through the real app: a request to correct records is registered, decided with its
/// numbered letter and served, from the pages and from <c>/api/record-corrections</c>; bad input names the field; another
/// agency finds nothing; it is not a disclosure request.</summary>
[Collection(nameof(WebCollection))]
public sealed class RecordCorrectionTests(WebApp app)
{
    private static Dictionary<string, object?> Application(string name) => new()
    {
        ["applicantName"] = name, ["applicantIdDocument"] = "居民身份证 110105194912310021", ["applicantContact"] = "13800138000",
        ["record"] = "2025年低保公示名单中本人家庭人口数记为5人", ["evidence"] = "户口簿复印件：家庭人口3人", ["receivedOn"] = Seed.Today(),
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_api_registers_decides_with_a_numbered_letter_and_closes_on_service()
    {
        var api = app.WithApiKey();
        var requestsBefore = await app.CountAsync("SELECT COUNT(*) FROM requests");

        var created = await api.PostAsJsonAsync("/api/record-corrections", Application("更正甲"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetString();
        Assert.Equal(("Registered", false), (body.GetProperty("state").GetString(), body.GetProperty("overdue").GetBoolean()));
        Assert.Equal("居民身份证 1101**********0021", body.GetProperty("applicantIdDocument").GetString());
        // The soft due date of the convention: the 20th working day after receipt in the agency's calendar.
        var clock = app.Services.GetRequiredService<CaseFlow.Workflows.Infrastructure.CalendarCatalog>().ClockFor("cn");
        var today = NodaTime.Text.LocalDatePattern.Iso.Parse(Seed.Today()).Value;
        Assert.Equal(clock.After(today, 20).DueOn.ToString("uuuu-MM-dd", null), body.GetProperty("dueOn").GetString());
        Assert.Equal(20, clock.Calendar.WorkingDaysBetween(today, clock.After(today, 20).DueOn));

        var refused = await api.PostAsJsonAsync($"/api/record-corrections/{id}/decision",
            new { outcome = "Refused", reasons = "所附户口簿与公示名单统计口径不同，不能证明记录不准确", reconsiderationBody = "示范县人民政府", court = "示范县人民法院", decidedOn = Seed.Today() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var decided = await JsonAsync(refused);
        Assert.Equal(("AwaitingService", "Refused"), (decided.GetProperty("state").GetString(), decided.GetProperty("outcome").GetString()));
        Assert.Matches("^〔\\d{4}〕更答第\\d+号$", decided.GetProperty("documentNumber").GetString());
        var letter = decided.GetProperty("letterContent").GetString()!;
        Assert.Contains(decided.GetProperty("documentNumber").GetString()!, letter);
        Assert.Contains("本机关决定不予更正，理由如下：所附户口簿与公示名单统计口径不同", letter);
        Assert.Contains("六十日内向示范县人民政府申请行政复议", letter);

        var again = await api.PostAsJsonAsync($"/api/record-corrections/{id}/decision", new { outcome = "Corrected", change = "改为3人", decidedOn = Seed.Today() });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var served = await api.PostAsJsonAsync($"/api/record-corrections/{id}/service", new { servedOn = Seed.Today(), method = "Post", evidence = "EMS 9876" });
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("Closed", (await JsonAsync(served)).GetProperty("state").GetString());
        var list = await JsonAsync(await api.GetAsync("/api/record-corrections"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id && c.GetProperty("servedOn").GetString() == Seed.Today());
        // Not a disclosure request: no row in requests (so never in table 三); its own audit trail.
        Assert.Equal(requestsBefore, await app.CountAsync("SELECT COUNT(*) FROM requests"));
        Assert.Equal(3, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id", new { Id = id }));
    }

    [Theory]
    [InlineData("evidence", "", "evidence")]
    [InlineData("receivedOn", "2026-13-01", "receivedOn")]
    [InlineData("applicantName", " ", "applicantName")]
    public async Task Bad_input_is_a_problem_naming_the_field_and_nothing_is_stored(string field, string value, string named)
    {
        var body = Application("更正乙" + field);
        body[field] = value;

        var response = await app.WithApiKey().PostAsJsonAsync("/api/record-corrections", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(named, out _));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM record_corrections WHERE applicant_name = @Name", new { Name = "更正乙" + field }));
    }

    [Fact]
    public async Task A_decision_without_what_its_outcome_needs_names_the_field()
    {
        var api = app.WithApiKey();
        var id = (await JsonAsync(await api.PostAsJsonAsync("/api/record-corrections", Application("更正丙")))).GetProperty("id").GetString();

        foreach (var (decision, field) in new (object Decision, string Field)[]
                 {
                     (new { outcome = "Corrected", change = "", decidedOn = Seed.Today() }, "change"),
                     (new { outcome = "Referred", competentAgencyCode = "nowhere", decidedOn = Seed.Today() }, "competentAgencyCode"),
                     (new { outcome = "Refused", reasons = "证据不足", decidedOn = Seed.Today() }, "reconsiderationBody"),
                     (new { outcome = "Lost", decidedOn = Seed.Today() }, "outcome"),
                 })
        {
            var response = await api.PostAsJsonAsync($"/api/record-corrections/{id}/decision", decision);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task The_pages_register_refer_to_another_agency_of_the_platform_and_serve_and_another_agency_finds_nothing()
    {
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);

        var bad = await caseworker.PostFormAsync("/RecordCorrections", new()
        {
            ["Input.ApplicantName"] = "更正丁", ["Input.ApplicantIdDocument"] = "居民身份证 110105194912310021", ["Input.ApplicantContact"] = "13800138000",
            ["Input.Record"] = "不动产登记簿中本人姓名误写", ["Input.Evidence"] = "", ["Input.ReceivedOn"] = Seed.Today(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("第四十一条：申请人须有证据证明记录不准确", badPage);
        Assert.Contains("不动产登记簿中本人姓名误写", badPage);   // the form keeps what was typed

        var registered = await caseworker.PostFormAsync("/RecordCorrections", new()
        {
            ["Input.ApplicantName"] = "更正丁", ["Input.ApplicantIdDocument"] = "居民身份证 110105194912310021", ["Input.ApplicantContact"] = "13800138000",
            ["Input.Record"] = "不动产登记簿中本人姓名误写", ["Input.Evidence"] = "身份证复印件", ["Input.ReceivedOn"] = Seed.Today(),
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var url = registered.Headers.Location!.OriginalString;
        var list = WebUtility.HtmlDecode(await caseworker.GetStringAsync("/RecordCorrections"));
        Assert.Contains("更正丁", list);
        Assert.Contains("待处理", list);
        var page = WebUtility.HtmlDecode(await caseworker.GetStringAsync(url));
        Assert.Contains("参照第三十三条第二款", page);
        Assert.Contains("测试机关a2", page);   // the platform's other agency is offered for a referral
        Assert.DoesNotContain("110105194912310021", page);

        var decided = await caseworker.PostFormAsync(url + "?handler=Decide", new()
        {
            ["Decision.Outcome"] = "Referred", ["Decision.CompetentAgencyCode"] = "a2", ["Decision.DecidedOn"] = Seed.Today(),
        }, url);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        page = WebUtility.HtmlDecode(await caseworker.GetStringAsync(url));
        Assert.Contains("本机关已将您的申请转送有权更正的行政机关处理：测试机关a2", page);
        Assert.Matches("更答第\\d+号", page);

        var served = await caseworker.PostFormAsync(url + "?handler=Serve", new()
        {
            ["Service.ServedOn"] = Seed.Today(), ["Service.Method"] = "InPerson", ["Service.Evidence"] = "送达回证",
        }, url);
        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        Assert.Contains("已办结", await caseworker.GetStringAsync("/RecordCorrections"));

        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/record-corrections/" + url.Split('/').Last())).StatusCode);
        Assert.DoesNotContain("更正丁", await other.GetStringAsync("/RecordCorrections"));
        var english = await app.AsRoleAsync(Roles.Supervisor);
        english.DefaultRequestHeaders.Add("Cookie", "caseflow-lang=en");
        Assert.Contains("Requests to correct records", await english.GetStringAsync("/RecordCorrections"));
    }
}
