using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 12 through the API: a partial-disclosure reply with a reply document is drafted, found in the supervisor's
/// queue, signed off after the confidentiality checklist and the marking release, numbered once, served — and the request
/// is closed with outcome 200 on the service date, counted in 三(二) and in the on-time rate.</summary>
[Collection(nameof(WebCollection))]
public sealed class ReviewApiTests(WebApp app)
{
    private static readonly object ReplyInputs = new
    {
        input_how = "随本答复书以电子邮件提供名录（已删除个人联系方式）",
        input_reasons = "名录中涉及个人隐私的联系方式不予公开。",
        input_reconsideration_body = "示范县人民政府",
        input_court = "示范县人民法院",
    };

    [Fact]
    public async Task A_partial_disclosure_reply_is_reviewed_signed_off_numbered_once_served_and_counted()
    {
        await app.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "审核接口人"))).GetProperty("id").GetString()!;
            var caseworker = await app.AsRoleAsync(Roles.Caseworker);
            var supervisor = await app.AsRoleAsync(Roles.Supervisor);
            var document = LetterDocx.Write("# 重点排污单位名录\n本材料为工作秘密，注意保存。\n");
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "reply-document" },
                [("file", "名录.docx", document)], $"/Requests/Details/{id}")).StatusCode);
            var today = Seed.Today();
            var year = int.Parse(today[..4], System.Globalization.CultureInfo.InvariantCulture);
            var (row200Before, repliedBefore, onTimeBefore) = await CountsAsync(year, today);

            // The reply is the letter: the old reply action is refused, naming the letters endpoint.
            var oldReply = await caseworker.PostAsJsonAsync($"/api/requests/{id}/reply", new { outcome = 200, reasons = "部分公开。", legalBasis = "第三十七条", date = today });
            Assert.Equal(HttpStatusCode.Conflict, oldReply.StatusCode);
            Assert.Contains($"/api/requests/{id}/letters", (await oldReply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

            var submitted = await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 200, inputs = ReplyInputs });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var draft = await submitted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("awaiting-review", draft.GetProperty("status").GetString());
            var draftId = draft.GetProperty("id").GetString()!;
            Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
            // A second tab submitting the same draft makes no second draft.
            var again = await (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 200, inputs = ReplyInputs }))
                .Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(draftId, again.GetProperty("id").GetString());

            // Only a reviewer may decide: the drafter is refused.
            Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", new { decision = "approve" })).StatusCode);
            Assert.DoesNotContain(draftId, await caseworker.GetStringAsync("/api/reviews"));
            var queue = await supervisor.GetFromJsonAsync<JsonElement>("/api/reviews");
            var waiting = queue.EnumerateArray().Single(w => w.GetProperty("id").GetString() == draftId);
            Assert.True(waiting.GetProperty("needsChecklist").GetBoolean());
            var marking = waiting.GetProperty("markings").EnumerateArray().Select(m => m.GetString()!).ToList();
            Assert.Equal(["名录.docx\n工作秘密", "名录.docx\n注意保存"], marking);

            // 保密审查: no sign-off without the checklist attested and a reason for each marking.
            var blocked = await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", new { decision = "approve" });
            Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
            var errors = (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("checklist:noStateSecret", out _));
            Assert.True(errors.TryGetProperty("marking:名录.docx\n工作秘密", out _));
            Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));

            var approval = new
            {
                decision = "approve",
                checklist = new { noStateSecret = true, noWorkSecret = true, noTradeSecretOrPrivacy = true, noRiskToSecurity = true },
                markingReleases = new Dictionary<string, string> { [marking[0]] = "标识为起草时误加，经核对内容已公开发布。", [marking[1]] = "同上。" },
            };
            var approved = await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", approval);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var letter = (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("letter");
            var number = letter.GetProperty("documentNumber").GetString()!;
            Assert.Matches(@"^〔\d{4}〕答第\d+号$", number);
            // A second approval (a second tab) numbers nothing.
            var twice = await (await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", approval)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(number, twice.GetProperty("letter").GetProperty("documentNumber").GetString());
            Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
            Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id AND issued_by = 'sup1' AND facts LIKE '%noWorkSecret%'", new { Id = id }));
            Assert.Equal("InProgress", (await caseworker.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString());

            var served = await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters/{letter.GetProperty("id").GetString()}/services",
                new { method = "Email", servedOn = today, evidence = "电子邮件送达记录 M-1" });
            Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);

            var request = await caseworker.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
            Assert.Equal("Replied", request.GetProperty("state").GetString());
            Assert.Equal(200, request.GetProperty("outcome").GetInt32());
            Assert.Equal(today, request.GetProperty("closedOn").GetString());
            Assert.Equal(today, request.GetProperty("reply").GetProperty("servedOn").GetString());
            Assert.True(request.GetProperty("reply").GetProperty("onTime").GetBoolean());
            var (row200, replied, onTime) = await CountsAsync(year, today);
            Assert.Equal(row200Before + 1, row200);
            Assert.Equal(repliedBefore + 1, replied);
            Assert.Equal(onTimeBefore + 1, onTime);
        }
        finally
        {
            await app.ReviewRepliesAsync(ReviewMode.None);
        }
    }

    [Fact]
    public async Task A_returned_draft_goes_back_to_the_drafter_with_the_comment()
    {
        await app.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "退回接口人"))).GetProperty("id").GetString()!;
            var caseworker = await app.AsRoleAsync(Roles.Caseworker);
            var supervisor = await app.AsRoleAsync(Roles.Supervisor);
            var draftId = (await (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 200, inputs = ReplyInputs }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

            var noComment = await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", new { decision = "return" });
            Assert.True((await noComment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("comment", out _));
            var returned = await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draftId}/review", new { decision = "return", comment = "请补充不予公开部分的具体范围。" });

            Assert.Equal("returned", (await returned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
            Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM notifications WHERE user_name = 'cw1' AND kind = 'draft-returned' AND text_zh LIKE '%请补充不予公开部分的具体范围%'"));
            Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'ReturnLetterDraft' AND actor = 'sup1'", new { Id = id }));
            Assert.Contains("请补充不予公开部分的具体范围", await caseworker.GetStringAsync($"/Requests/Letters/{id}"));
        }
        finally
        {
            await app.ReviewRepliesAsync(ReviewMode.None);
        }
    }

    [Fact]
    public async Task A_wrong_attachment_is_withdrawn_kept_and_audited_and_no_longer_read_for_a_letter()
    {
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "撤回附件人"))).GetProperty("id").GetString()!;
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        await caseworker.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "reply-document" },
            [("file", "错发.docx", LetterDocx.Write("# 错发\n秘密★1年\n"))], $"/Requests/Details/{id}");
        var attachmentId = (await caseworker.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("attachments")[0].GetProperty("id").GetString();
        var preview = await (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 200, inputs = ReplyInputs }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("秘密★", preview.GetProperty("markings")[0].GetString());

        var noReason = await caseworker.PostAsJsonAsync($"/api/requests/{id}/attachments/{attachmentId}/withdrawal", new { reason = "" });
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        var withdrawn = await caseworker.PostAsJsonAsync($"/api/requests/{id}/attachments/{attachmentId}/withdrawal", new { reason = "上传错了文件" });

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE id = @Id", new { Id = attachmentId }));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'WithdrawAttachment'", new { Id = id }));
        var after = await (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 200, inputs = ReplyInputs }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(after.GetProperty("markings").EnumerateArray());
        Assert.Contains("已撤回", await caseworker.GetStringAsync($"/Requests/Details/{id}"));
    }

    private async Task<(int Row200, long Replied, long OnTime)> CountsAsync(int year, string today)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var report = await ReportStore.ComputeAsync(connection, year, "a1");
        var day = LocalDatePattern.Iso.Parse(today).Value;
        var months = await Dashboard.TimelinessMonthsAsync(connection, "a1", day.ToYearMonth(), day.ToYearMonth());
        return (report.Applications[Outcome.PartlyDisclosed.Row()].NaturalPerson, months.Sum(c => c.Replied), months.Sum(c => c.OnTime));
    }
}
