using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Contracts;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>The letters page through the real app: preview, privacy review, issue, download, print, serve, case file.</summary>
[Collection(nameof(WebCollection))]
public sealed partial class LetterPageTests(WebApp app)
{
    private async Task<string> RegisterAsync(string description = "申请公开2025年本区老旧小区改造资金使用明细。") =>
        (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "王小明", description: description))).GetProperty("id").GetString()!;

    private async Task ActAsync(string id, string action, object body)
    {
        var response = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpResponseMessage> IssueAsync(HttpClient client, string id, string type, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["Form.Type"] = type };
        return await client.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", form, $"/Requests/Letters/{id}");
    }

    private async Task<long> LettersOfAsync(string id) => await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id });

    private static string LetterIdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return LetterIdPattern().Match(response.Headers.Location!.OriginalString).Groups[1].Value;
    }

    [Fact]
    public async Task A_caseworker_previews_issues_downloads_prints_and_serves_a_receipt()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var preview = await client.GetStringAsync($"/Requests/Letters/{id}?type=receipt");
        Assert.Contains("政府信息公开申请受理回执", preview);
        Assert.Contains("（签发时编号）", preview);
        Assert.Contains("第三十一条", preview);

        var letterId = LetterIdFrom(await IssueAsync(client, id, "receipt"));
        var page = await client.GetStringAsync($"/Requests/Letters/{id}?issued={letterId}");
        var number = ReceiptNumber().Match(page).Value;
        Assert.Matches(@"〔\d{4}〕受第\d+号", number);
        Assert.Contains($"已签发：{number}", page);

        var docx = await client.GetAsync($"/Requests/Letters/{id}?handler=Docx&letterId={letterId}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        var text = LetterDocx.ReadText(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()));
        Assert.Contains(number, text);
        Assert.Contains("王小明：", text);
        var print = await client.GetStringAsync($"/Requests/Letters/{id}?handler=Print&letterId={letterId}");
        Assert.Contains("@page { size: A4", print);
        Assert.Contains(number, print);

        var served = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Serve",
            new() { ["letterId"] = letterId, ["method"] = "InPerson", ["servedOn"] = Seed.Today(), ["evidence"] = "申请人当场签收" }, $"/Requests/Letters/{id}");
        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        Assert.Contains("申请人当场签收", await client.GetStringAsync($"/Requests/Letters/{id}"));
        var details = await client.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains(number, details);
        Assert.Contains("签发文书", details);

        await client.PostFormAsync("/Language", new() { ["lang"] = "en", ["returnUrl"] = "/Workbench" }, "/Workbench");
        var english = await client.GetStringAsync($"/Requests/Letters/{id}?type=receipt");
        Assert.Contains("Issued letters", english);
        Assert.Contains("Served", english);
        Assert.Contains("政府信息公开申请受理回执", english);
    }

    [Fact]
    public async Task A_letter_with_a_missing_field_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var response = await IssueAsync(client, id, "reply", new() { ["Form.Outcome"] = "305", ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请填写：理由。", html);
        Assert.Contains("请填写：管辖的人民法院。", html);
        Assert.Equal(0, await LettersOfAsync(id));

        var badService = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Serve",
            new() { ["letterId"] = Guid.NewGuid().ToString(), ["method"] = "Pigeon", ["servedOn"] = "2026-02-30", ["evidence"] = "" }, $"/Requests/Letters/{id}");
        Assert.Contains("文书不存在。", await badService.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_third_partys_number_blocks_issuing_until_redacted_or_confirmed()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var reasons = "该信息含第三人李某的身份证号44030519900101123X和手机13912345678，公开会损害其合法权益。";
        var fields = new Dictionary<string, string>
        {
            ["Form.Outcome"] = "304", ["Form.Inputs[input_reasons]"] = reasons, ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府",
            ["Form.Inputs[input_court]"] = "示范县人民法院",
        };

        var blocked = await IssueAsync(client, id, "reply", fields);

        var html = await blocked.Content.ReadAsStringAsync();
        Assert.Contains("个人信息未处理：居民身份证号码 4403**********123X", html);
        Assert.Contains("个人信息未处理：手机号码 139****5678", html);
        Assert.Equal(0, await LettersOfAsync(id));

        var hits = PrivacyScanner.Scan(reasons, "letter", []);
        fields[$"Form.Privacy[{hits[0].Key}]"] = "redact";
        fields[$"Form.Privacy[{hits[1].Key}]"] = "confirm";
        // The preview shows the letter as it will be issued: the number chosen for redaction masked there too (issue 16 walk).
        var previewPage = await (await client.PostFormAsync($"/Requests/Letters/{id}?handler=Preview",
            new Dictionary<string, string>(fields) { ["Form.Type"] = "reply" }, $"/Requests/Letters/{id}")).Content.ReadAsStringAsync();
        var preview = Regex.Match(previewPage, "<div class=\"letter-preview\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("身份证号4403**********123X", preview);
        Assert.DoesNotContain("44030519900101123X", preview);
        var letterId = LetterIdFrom(await IssueAsync(client, id, "reply", fields));

        await using var connection = await app.Services.GetRequiredService<CaseFlow.Persistence.Database>().OpenAsync();
        var letter = (await CaseFlow.Persistence.Correspondence.Letters.FindAsync(connection, letterId))!;
        Assert.Contains("身份证号4403**********123X", letter.Content);
        Assert.DoesNotContain("44030519900101123X", letter.Content);
        Assert.Contains("手机13912345678", letter.Content);
        Assert.DoesNotContain("44030519900101123X", letter.Facts);
        var review = JsonDocument.Parse(letter.PrivacyReview).RootElement.EnumerateArray().Select(e => (e.GetProperty("resolution").GetString(), e.GetProperty("by").GetString())).ToList();
        Assert.Equal([("redact", "cw1"), ("confirm", "cw1")], review);
    }

    [Fact]
    public async Task A_number_in_an_attached_reply_document_must_be_confirmed_before_the_reply_is_issued()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var document = LetterDocx.Write("# 合同\n乙方联系人张某，身份证号320106198512034568，银行账户6217000012345678907。\n");
        var uploaded = await client.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "reply-document" },
            [("file", "合同.docx", document)], $"/Requests/Details/{id}");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var fields = new Dictionary<string, string> { ["Form.Outcome"] = "102", ["Form.Inputs[input_how]"] = "随本答复书提供合同复印件" };

        var blocked = await IssueAsync(client, id, "reply", fields);

        var html = await blocked.Content.ReadAsStringAsync();
        Assert.Contains("个人信息未处理：居民身份证号码 3201**********4568（附件 合同.docx）", html);
        Assert.Contains("个人信息未处理：银行卡号 6217***********8907（附件 合同.docx）", html);
        Assert.Equal(0, await LettersOfAsync(id));
        var hits = PrivacyScanner.Scan(LetterDocx.ReadText(new MemoryStream(document)), "合同.docx", []);
        Assert.Equal(2, hits.Count);
        fields[$"Form.Privacy[{hits[0].Key}]"] = "redact";
        fields[$"Form.Privacy[{hits[1].Key}]"] = "confirm";
        Assert.Contains("须遮盖或确认", await (await IssueAsync(client, id, "reply", fields)).Content.ReadAsStringAsync());

        fields[$"Form.Privacy[{hits[0].Key}]"] = "confirm";
        LetterIdFrom(await IssueAsync(client, id, "reply", fields));
        Assert.Equal(1, await LettersOfAsync(id));
    }

    [Fact]
    public async Task Re_issuing_makes_a_new_numbered_letter_that_names_the_old_one()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var first = LetterIdFrom(await IssueAsync(client, id, "receipt"));

        var second = LetterIdFrom(await IssueAsync(client, id, "receipt", new() { ["Form.Replaces"] = first }));

        var page = await client.GetStringAsync($"/Requests/Letters/{id}");
        var numbers = ReceiptNumber().Matches(page).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(2, numbers.Count);
        Assert.Contains($"已被替换：{numbers[1]}", page);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE id = @Id AND replaces_letter_id = @First", new { Id = second, First = first }));
    }

    [Fact]
    public async Task Serving_the_fee_notice_records_the_fee_on_the_request_from_the_service_date()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var letterId = LetterIdFrom(await IssueAsync(client, id, "fee-notice", new()
        {
            ["Form.Inputs[input_fee_method]"] = "per-volume", ["Form.Inputs[input_fee_pages]"] = "40", ["Form.Inputs[input_fee_amount]"] = "100", ["Form.Inputs[input_payment_method]"] = "银行转账至示范县财政局非税收入账户",
        }));

        var served = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Serve",
            new() { ["letterId"] = letterId, ["method"] = "Post", ["servedOn"] = Seed.Today(), ["evidence"] = "EMS 1187654321099" }, $"/Requests/Letters/{id}");

        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        var view = await app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>().FindAsync(Guid.Parse(id), "a1");
        Assert.Equal(Seed.Today(), view!.State.Fee!.ServedOn.ToString("uuuu-MM-dd", null));
        Assert.Equal(100m, view.State.Fee.Amount);
        Assert.Equal("国办函〔2020〕109号，按量计收：本申请提供信息共40页；第31—40页，10页×10元＝100元；合计100元。按收费标准计收100元。", view.State.Fee.Basis);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'RecordLetterService' AND to_state = @State",
            new { Id = id, State = view.State.CurrentState }));
    }

    [Fact]
    public async Task Serving_a_consultation_letter_starts_the_third_partys_window_and_is_published_from_the_outbox()
    {
        var registration = Seed.Registration(name: "王小明", description: "申请公开示范建设有限公司承建项目的合同金额。");
        registration["receivedOn"] = Seed.Today(-10);
        var id = (await app.WithApiKey().RegisterAsync(registration)).GetProperty("id").GetString()!;
        await ActAsync(id, "consultation", new { kind = "ThirdParty", participants = "示范建设有限公司", question = "是否同意公开贵公司的合同金额", date = Seed.Today(-7) });
        var client = await app.AsRoleAsync(Roles.Caseworker);
        // The consultation is its own workflow: the request hears of it through the bus, a moment after the API answered.
        var reader = app.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>();
        var view = await reader.FindAsync(Guid.Parse(id), "a1");
        for (var attempt = 0; attempt < 100 && view!.State.Consultations.Count == 0; attempt++)
        {
            await Task.Delay(100);
            view = await reader.FindAsync(Guid.Parse(id), "a1");
        }
        var consultation = view!.State.Consultations.Single();

        var letterId = LetterIdFrom(await IssueAsync(client, id, "consultation-letter", new() { ["Form.Consultation"] = $"{consultation.Id}:0" }));
        var served = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Serve",
            new() { ["letterId"] = letterId, ["method"] = "Email", ["servedOn"] = Seed.Today(), ["evidence"] = "回执邮件 2026-03-04" }, $"/Requests/Letters/{id}");

        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        await using var connection = await app.Services.GetRequiredService<CaseFlow.Persistence.Database>().OpenAsync();
        // Art. 32: the third party's 15 working days count from its receipt of the letter, not from the day it was sent.
        var clock = app.Services.GetRequiredService<CaseFlow.Workflows.Infrastructure.CalendarCatalog>().ClockFor("cn");
        var today = NodaTime.Text.LocalDatePattern.Iso.Parse(Seed.Today()).Value;
        Assert.NotEqual(clock.OpinionWindowDue(today.PlusDays(-7)).DueOn, clock.OpinionWindowDue(today).DueOn);
        var windowDueOn = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT window_due_on FROM consultations WHERE id = @Id", new { Id = consultation.Id.ToString() });
        Assert.Equal(clock.OpinionWindowDue(today).DueOn.ToString("uuuu-MM-dd", null), windowDueOn);
        var bodies = await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT body FROM outbox WHERE message_type = @Type", new { Type = typeof(LetterServed).FullName });
        var message = bodies.Select(b => JsonDocument.Parse(b).RootElement).Single(b => b.GetProperty("requestId").GetString() == id);
        Assert.Equal("consultation-letter", message.GetProperty("letterType").GetString());
        Assert.Equal(consultation.Id.ToString(), message.GetProperty("consultationId").GetString());
        Assert.Equal(Seed.Today(), message.GetProperty("servedOn").GetString());
        Assert.Equal("示范建设有限公司", message.GetProperty("addressee").GetString());
        Assert.StartsWith("〔", message.GetProperty("documentNumber").GetString());
    }

    [Fact]
    public async Task The_case_file_of_a_closed_request_holds_the_application_letters_opinions_and_audit_trail()
    {
        var id = await RegisterAsync();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var refused = await client.GetAsync($"/Requests/Letters/{id}?handler=CaseFile");
        Assert.Contains("申请办结后才能导出案卷。", await refused.Content.ReadAsStringAsync());
        var receipt = LetterIdFrom(await IssueAsync(client, id, "receipt"));
        // Issue 12: the reply is the reply letter; serving it closes the request.
        var reply = LetterIdFrom(await IssueAsync(client, id, "reply", new() { ["Form.Outcome"] = "102", ["Form.Inputs[input_how]"] = "电子邮件发送至申请人邮箱，即日发出" }));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Requests/Letters/{id}?handler=Serve",
            new() { ["letterId"] = reply, ["method"] = "Email", ["servedOn"] = Seed.Today(), ["evidence"] = "电子邮件送达记录" }, $"/Requests/Letters/{id}")).StatusCode);
        var second = await IssueAsync(client, id, "reply", new() { ["Form.Outcome"] = "305", ["Form.Inputs[input_reasons]"] = "内部事务。", ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府", ["Form.Inputs[input_court]"] = "示范县人民法院" });
        Assert.Contains("答复类型与已记录的答复（予以公开）不一致。", await second.Content.ReadAsStringAsync());

        var response = await client.GetAsync($"/Requests/Letters/{id}?handler=CaseFile");

        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open()).RootElement;
        Assert.Equal(id, manifest.GetProperty("requestId").GetString());
        Assert.Equal(2, manifest.GetProperty("letters").GetInt32());
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(
            ["application.html", "letters/01-receipt", "letters/01-receipt", "letters/02-reply", "letters/02-reply", "opinions.html", "audit-trail.html"],
            files.Select(f => f.GetProperty("path").GetString()!).Select(p => p.StartsWith("letters/") ? string.Join("-", p.Split('-')[..2]) : p));
        foreach (var file in files)
        {
            using var stream = new MemoryStream();
            zip.GetEntry(file.GetProperty("path").GetString()!)!.Open().CopyTo(stream);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream.ToArray())));
        }
        var replyDocx = files.Single(f => f.GetProperty("path").GetString()!.StartsWith("letters/02-reply") && f.GetProperty("path").GetString()!.EndsWith(".docx"));
        Assert.Equal(reply, replyDocx.GetProperty("about").GetProperty("letterId").GetString());
        using var docx = new MemoryStream();
        zip.GetEntry(replyDocx.GetProperty("path").GetString()!)!.Open().CopyTo(docx);
        docx.Position = 0;
        Assert.Contains("电子邮件发送至申请人邮箱", LetterDocx.ReadText(docx));
        var audit = new StreamReader(zip.GetEntry("audit-trail.html")!.Open()).ReadToEnd();
        Assert.Contains("<td>签发文书</td>", audit);
        Assert.Contains("<td>文书送达</td>", audit);
        Assert.DoesNotContain("<td>IssueLetter</td>", audit);
        Assert.Contains("期限说明", audit);
        Assert.Contains("个工作日", audit);
        Assert.Contains("居民身份证 110105194912310021", new StreamReader(zip.GetEntry("application.html")!.Open()).ReadToEnd());
        Assert.NotEqual(receipt, reply);
    }

    [Fact]
    public async Task Letters_are_casework_and_another_agencys_request_is_not_found()
    {
        var id = await RegisterAsync();
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var letterId = LetterIdFrom(await IssueAsync(caseworker, id, "receipt"));

        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);
        var denied = await adviser.GetAsync($"/Requests/Letters/{id}");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/Account/Denied", denied.Headers.Location!.OriginalString);

        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Letters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Letters/{id}?handler=Docx&letterId={letterId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Letters/{id}?handler=Print&letterId={letterId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Letters/{id}?handler=CaseFile")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync($"/Requests/Letters/{id}?handler=Docx&letterId={Guid.NewGuid()}")).StatusCode);
    }

    [GeneratedRegex(@"issued=([0-9a-f\-]{36})")]
    private static partial Regex LetterIdPattern();

    [GeneratedRegex(@"〔\d{4}〕受第\d+号")]
    private static partial Regex ReceiptNumber();
}

/// <summary>The administrator sets an agency's document number prefix; the agency's next letters carry it.</summary>
[Collection(nameof(WebCollection))]
public sealed class LetterNumberPrefixTests(WebApp app)
{
    [Fact]
    public async Task An_agencys_prefix_starts_its_next_document_numbers_and_a_bad_prefix_is_refused()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);
        var bad = await admin.PostFormAsync("/Admin/LetterNumbers", new() { ["AgencyCode"] = "a2", ["Prefix"] = "示 府〔办〕" });
        Assert.Contains("「文号前缀」不超过30字", await bad.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letter_settings WHERE agency_code = 'a2'"));

        var saved = await admin.PostFormAsync("/Admin/LetterNumbers", new() { ["AgencyCode"] = "a2", ["Prefix"] = "测二办依公开" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("修改文号前缀</td><td>a2</td><td>prefix=测二办依公开</td>", await admin.GetStringAsync("/Admin/Audit"));

        var caseworker = await app.SignedInAsync("cw2");
        var registered = await caseworker.PostFormAsync("/Requests/Register", Seed.Registration(name: "赵前缀").ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? ""));
        var id = registered.Headers.Location!.OriginalString.Split('/')[^1];
        var issued = await caseworker.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", new() { ["Form.Type"] = "receipt" }, $"/Requests/Letters/{id}");
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.Matches(@"测二办依公开〔\d{4}〕受第1号", await caseworker.GetStringAsync($"/Requests/Letters/{id}"));
    }
}
