using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Art. 32, last sentence: a third party refused with reasons; the agency decides to disclose in the public interest
/// and tells the third party in writing what and why — by issuing the 公开决定告知书 from the letters page, which records the
/// notice on the request and only then lets a reply letter 102 予以公开 be issued (and its service be the reply).</summary>
[Collection(nameof(WebCollection))]
public sealed partial class OverrideNoticeTests(WebApp app)
{
    /// <summary>Issue 12: the reply is its letter. A reply letter 102 予以公开 is issued only when Art. 32 allows it.</summary>
    private async Task<HttpResponseMessage> IssueDisclosedReplyAsync(string id) =>
        await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters", new Dictionary<string, object?>
        {
            ["type"] = "reply", ["outcome"] = 102,
            ["inputs"] = new Dictionary<string, string> { ["input_how"] = "随本答复书以电子邮件提供。", ["input_reasons"] = "不公开可能对公共利益造成重大影响" },
        });

    /// <summary>The reply letter was refused for <paramref name="reason"/> (Art. 32), naming the outcome, and no reply letter was stored.</summary>
    private async Task AssertReplyRefusedAsync(HttpResponseMessage refused, string id, string reason)
    {
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, body);
        var errors = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty("outcome")[0].GetString());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id AND letter_type = @Reply",
            new { Id = id, Reply = (int)CaseFlow.Domain.Correspondence.LetterType.Reply }));
    }

    private async Task<(string Id, HttpClient Client)> RefusedByThirdPartyAsync()
    {
        var registration = Seed.Registration(name: "王小明", description: "申请公开示范建设有限公司承建的学校改造项目合同金额。");
        registration["receivedOn"] = Seed.Today(-10);
        var id = (await app.WithApiKey().RegisterAsync(registration)).GetProperty("id").GetString()!;
        var started = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "ThirdParty", ["participants"] = "示范建设有限公司", ["question"] = "是否同意公开贵公司的合同金额", ["date"] = Seed.Today(-7),
        });
        Assert.True(started.StatusCode == HttpStatusCode.OK && (await started.Content.ReadAsStringAsync()).Contains("\"accepted\":true"), await started.Content.ReadAsStringAsync());
        var consultation = await ConsultationOfAsync(id);
        var opinion = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/opinion", new Dictionary<string, object?>
        {
            ["consultationId"] = consultation.ToString(), ["participant"] = "示范建设有限公司", ["position"] = "Disagree",
            ["reasoning"] = "合同金额属于商业秘密", ["date"] = Seed.Today(-1),
        });
        Assert.Equal(HttpStatusCode.OK, opinion.StatusCode);
        var reader = app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>();
        for (var attempt = 0; attempt < 100 && CaseFlow.Workflows.DisclosureRequest.Rules.RefusingThirdParties((await reader.FindAsync(Guid.Parse(id), "a1"))!.State).Count == 0; attempt++)
            await Task.Delay(100);
        return (id, await app.AsRoleAsync(Roles.Caseworker));
    }

    /// <summary>The consultation is its own workflow: the request hears of it through the bus, a moment after the API answers.</summary>
    private async Task<Guid> ConsultationOfAsync(string id)
    {
        var reader = app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await reader.FindAsync(Guid.Parse(id), "a1"))!.State.Consultations is [var consultation])
                return consultation.Id;
            await Task.Delay(100);
        }
        throw new TimeoutException("The request never heard of its consultation.");
    }

    private static Task<HttpResponseMessage> IssueNoticeAsync(HttpClient client, string id, string handler = "Issue") =>
        client.PostFormAsync($"/Requests/Letters/{id}?handler={handler}", new()
        {
            ["Form.Type"] = "override-notice",
            ["Form.Inputs[input_disclosed_content]"] = "学校改造项目合同金额及支付情况",
            ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府",
            ["Form.Inputs[input_court]"] = "示范县人民法院",
        }, $"/Requests/Letters/{id}");

    [Fact]
    public async Task The_override_blocks_a_disclosed_reply_until_the_notice_is_issued_from_the_letters_page()
    {
        var (id, client) = await RefusedByThirdPartyAsync();

        await AssertReplyRefusedAsync(await IssueDisclosedReplyAsync(id), id, "须先登记公共利益决定");
        Assert.Contains("请先在申请页登记公共利益决定", await client.GetStringAsync($"/Requests/Letters/{id}?type=override-notice"));

        var decided = await client.PostFormAsync($"/Requests/Details/{id}?handler=Act&action=public-interest-override",
            new() { ["Input.Reasons"] = "该项目使用财政资金，资金使用情况关系公众切身利益。", ["Input.Date"] = Seed.Today() }, $"/Requests/Details/{id}");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var details = await client.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("尚未书面告知第三方", details);
        Assert.Contains($"href=\"/Requests/Letters/{id}?type=override-notice\"", details);
        Assert.DoesNotContain("action=override-letter", details);
        await AssertReplyRefusedAsync(await IssueDisclosedReplyAsync(id), id, "书面告知第三方");

        var form = await client.GetStringAsync($"/Requests/Letters/{id}?type=override-notice");
        Assert.Contains("Form.Inputs[input_disclosed_content]", form);
        Assert.Contains("学校改造项目合同金额", form);
        var preview = await (await IssueNoticeAsync(client, id, "Preview")).Content.ReadAsStringAsync();
        Assert.Contains("政府信息公开决定告知书", preview);
        Assert.Contains("示范建设有限公司：", preview);
        Assert.Contains("决定公开的理由：该项目使用财政资金，资金使用情况关系公众切身利益", preview);
        var issued = await IssueNoticeAsync(client, id);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var number = NoticeNumber().Match(await client.GetStringAsync($"/Requests/Letters/{id}")).Value;
        Assert.Matches(@"〔\d{4}〕告第\d+号", number);

        var view = await app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>().FindAsync(Guid.Parse(id), "a1");
        Assert.Equal(number, view!.State.PublicInterestOverride!.LetterDocumentNumber);
        Assert.Equal(Seed.Today(), view.State.PublicInterestOverride.LetterSentOn!.Value.ToString("uuuu-MM-dd", null));
        Assert.Contains("已书面告知第三方", await client.GetStringAsync($"/Requests/Details/{id}"));
        var reply = await IssueDisclosedReplyAsync(id);
        Assert.True(reply.StatusCode == HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        var replyId = (await reply.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        var served = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters/{replyId}/services",
            new { method = "Email", servedOn = Seed.Today(), evidence = "电子邮件送达记录" });
        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);
        var replied = await app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>().FindAsync(Guid.Parse(id), "a1");
        Assert.True(replied!.State.IsClosed);
        Assert.Equal(CaseFlow.Domain.Replies.Outcome.Disclosed, replied.State.Reply!.Outcome);
    }

    [Fact]
    public async Task A_second_notice_is_refused_and_nothing_is_stored_but_a_re_issue_makes_a_new_number()
    {
        var (id, client) = await RefusedByThirdPartyAsync();
        await client.PostFormAsync($"/Requests/Details/{id}?handler=Act&action=public-interest-override",
            new() { ["Input.Reasons"] = "关系公众切身利益", ["Input.Date"] = Seed.Today() }, $"/Requests/Details/{id}");
        var first = await IssueNoticeAsync(client, id);
        var firstId = LetterId().Match(first.Headers.Location!.OriginalString).Groups[1].Value;

        var second = await IssueNoticeAsync(client, id);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("已登记告知第三方的书面通知", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
        var reissue = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", new()
        {
            ["Form.Type"] = "override-notice", ["Form.Replaces"] = firstId, ["Form.Inputs[input_disclosed_content]"] = "合同金额",
            ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府", ["Form.Inputs[input_court]"] = "示范县人民法院",
        }, $"/Requests/Letters/{id}");
        Assert.Equal(HttpStatusCode.Redirect, reissue.StatusCode);
        Assert.Equal(2, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task The_api_request_shows_its_consultations_with_opinions_and_the_override_and_another_agency_gets_404()
    {
        var (id, _) = await RefusedByThirdPartyAsync();
        var api = app.WithApiKey();
        await api.PostAsJsonAsync($"/api/requests/{id}/public-interest-override", new { reasons = "关系公众切身利益", date = Seed.Today() });

        var read = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/requests/{id}");

        var consultation = Assert.Single(read.GetProperty("consultations").EnumerateArray());
        Assert.Equal((await ConsultationOfAsync(id)).ToString(), consultation.GetProperty("id").GetString());
        Assert.Equal("ThirdParty", consultation.GetProperty("kind").GetString());
        Assert.Equal(["示范建设有限公司"], consultation.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("是否同意公开贵公司的合同金额", consultation.GetProperty("question").GetString());
        Assert.Equal(Seed.Today(-7), consultation.GetProperty("sentOn").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", consultation.GetProperty("windowDueOn").GetString());
        Assert.Equal(Seed.Today(-1), consultation.GetProperty("endedOn").GetString());
        Assert.Equal("AllOpinionsIn", consultation.GetProperty("end").GetString());
        var opinion = Assert.Single(consultation.GetProperty("opinions").EnumerateArray());
        Assert.Equal("示范建设有限公司", opinion.GetProperty("participant").GetString());
        Assert.Equal("Disagree", opinion.GetProperty("position").GetString());
        Assert.Equal("合同金额属于商业秘密", opinion.GetProperty("reasoning").GetString());
        Assert.Equal(Seed.Today(-1), opinion.GetProperty("receivedOn").GetString());
        Assert.True(opinion.GetProperty("fromPaper").GetBoolean());
        var decision = read.GetProperty("publicInterestOverride");
        Assert.Equal(Seed.Today(), decision.GetProperty("decidedOn").GetString());
        Assert.Equal("关系公众切身利益", decision.GetProperty("reasons").GetString());
        Assert.False(decision.TryGetProperty("letterSentOn", out _));
        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/requests/{id}")).StatusCode);
    }

    [GeneratedRegex(@"〔\d{4}〕告第\d+号")]
    private static partial Regex NoticeNumber();

    [GeneratedRegex(@"issued=([0-9a-f-]{36})")]
    private static partial Regex LetterId();
}
