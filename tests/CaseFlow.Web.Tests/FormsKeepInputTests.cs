using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 1 on the request page: an action form that comes back with an error keeps everything typed and
/// names the field next to it (<c>aria-describedby</c>); the 20-working-day extension limit (Art. 33 ¶2) is the workflow's
/// rule and its refusal is shown next to the days.</summary>
[Collection(nameof(WebCollection))]
public sealed class FormsKeepInputTests(WebApp app)
{
    private async Task<string> RegisterAsync(string name) =>
        (await app.WithApiKey().RegisterAsync(Seed.Registration(name: name))).GetProperty("id").GetString()!;

    private async Task<string> StateAsync(string id) =>
        (await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString()!;

    private static string ActionForm(string page, string action) =>
        Regex.Match(page, $"<details[^>]*id=\"action-{action}\">(.*?)</details>", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task An_extension_beyond_20_working_days_is_refused_next_to_the_days_keeping_the_reason()
    {
        var id = await RegisterAsync("延期表单人");
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var response = await caseworker.PostFormAsync($"/Requests/Details/{id}?handler=Act&action=extension-request", new()
        {
            ["Input.Days"] = "25", ["Input.Reason"] = "所需信息跨越七个年度，需汇总", ["Input.Date"] = Seed.Today(),
        }, $"/Requests/Details/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = ActionForm(await response.Content.ReadAsStringAsync(), "extension-request");
        Assert.Contains("id=\"err-extension-request-days\"", form);
        Assert.Contains("延长的期限须为1至20个工作日（第三十三条第二款）", form);
        Assert.Matches("name=\"Input.Days\"[^>]*value=\"25\"[^>]*aria-describedby=\"err-extension-request-days\"", form);
        Assert.Contains("所需信息跨越七个年度，需汇总</textarea>", form);
        Assert.Equal("InProgress", await StateAsync(id));
        // Only the form that was sent shows the error: the other forms' dates do not.
        Assert.DoesNotContain("延长的期限须为1至20个工作日", ActionForm(await response.Content.ReadAsStringAsync(), "withdrawal"));
    }

    [Fact]
    public async Task The_consultation_form_keeps_its_kind_advisers_and_materials_on_an_error()
    {
        var id = await RegisterAsync("会商表单人");
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "application" },
            [("file", "申请书.pdf", ApplicantApiTests.Pdf)], $"/Requests/Details/{id}")).StatusCode);
        var materialId = await app.ScalarAsync<string>("SELECT id FROM attachments WHERE request_id = @Id", new { Id = id });

        var page = await caseworker.GetStringAsync($"/Requests/Details/{id}");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        // Repeated names (advisers, materials) as the browser sends them.
        var response = await caseworker.PostAsync($"/Requests/Details/{id}?handler=Act&action=consultation", new FormUrlEncodedContent(
        [
            new("Input.Kind", "Internal"), new("Input.Advisers", "adv1"), new("Input.Materials", materialId!), new("Input.Participants", "办公室"),
            new("Input.Question", ""), new("Input.DueOn", Seed.Today(3)), new("Input.Date", Seed.Today()), new("__RequestVerificationToken", token),
        ]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = ActionForm(await response.Content.ReadAsStringAsync(), "consultation");
        Assert.Contains("id=\"err-consultation-question\"", form);
        Assert.Contains("请填写「征求意见事项」", form);
        Assert.Matches("<option value=\"Internal\" selected=\"selected\">", form);
        Assert.DoesNotMatch("<option value=\"ThirdParty\" selected", form);
        Assert.Matches("name=\"Input.Advisers\" value=\"adv1\" checked=\"checked\"", form);
        Assert.Matches($"name=\"Input.Materials\" value=\"{materialId}\" checked=\"checked\"", form);
        Assert.Contains("办公室</textarea>", form);
        Assert.Contains($"value=\"{Seed.Today(3)}\"", form);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM consultations WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task The_corrected_application_keeps_its_text_when_the_date_is_wrong()
    {
        var id = await RegisterAsync("补正表单人");
        var notice = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/correction-notice", new
        {
            date = Seed.Today(), items = "请写明所需文件的年份", correctionPeriodEndsOn = Seed.Today(15),
        });
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);

        var response = await caseworker.PostFormAsync($"/Requests/Details/{id}?handler=Act&action=corrected-application", new()
        {
            ["Input.Date"] = "2026-13-45", ["Input.CorrectedDescription"] = "申请公开2024年度本区老旧小区改造资金明细", ["Input.GoodReasonForDelay"] = "邮寄延误",
        }, $"/Requests/Details/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = ActionForm(await response.Content.ReadAsStringAsync(), "corrected-application");
        Assert.Contains("id=\"err-corrected-application-date\"", form);
        Assert.Contains("value=\"2026-13-45\"", form);
        Assert.Contains("申请公开2024年度本区老旧小区改造资金明细</textarea>", form);
        Assert.Contains("value=\"邮寄延误\"", form);
        Assert.Equal("AwaitingCorrection", await StateAsync(id));
    }

    [Fact]
    public async Task Files_chosen_on_the_registration_form_are_kept_through_an_error_and_become_the_requests_attachments()
    {
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var fields = Seed.Registration(name: "附件保留人", description: "").ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? "");

        var refused = await caseworker.PostMultipartAsync("/Requests/Register", fields,
            [("IdentityProof", "身份证明.pdf", ApplicantApiTests.Pdf), ("ApplicationScan", "申请书.pdf", ApplicantApiTests.Pdf)], "/Requests/Register");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请填写", page);
        var kept = Regex.Match(page, "<ul class=\"kept\" id=\"kept-files\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("身份证明.pdf", kept);
        Assert.Contains("申请书.pdf", kept);
        Assert.Contains("附件保留人", page);
        var token = Regex.Match(page, "name=\"FormToken\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.Equal(2, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));

        // Corrected, sent again without choosing the files again (one taken off the form): registered with the one kept.
        var scanId = Regex.Match(kept, "申请书.pdf\\s*<label class=\"check\"><input type=\"checkbox\" name=\"RemoveKept\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(scanId);
        fields["Input.description"] = "申请公开2024年本区老旧小区改造资金使用明细。";
        fields["FormToken"] = token;
        fields["RemoveKept"] = scanId;
        var registered = await caseworker.PostMultipartAsync("/Requests/Register", fields, [], "/Requests/Register");

        Assert.True(registered.StatusCode == HttpStatusCode.Redirect,
            string.Join(" | ", Regex.Matches(await registered.Content.ReadAsStringAsync(), "class=\"(?:error|warning|notice)[^\"]*\"[^>]*>(.*?)<", RegexOptions.Singleline).Select(m => m.Groups[1].Value)));
        var id = registered.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.Equal(["identity-proof:身份证明.pdf"], (await QueryAsync($"SELECT kind || ':' || file_name FROM attachments WHERE request_id = '{id}'")));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));
    }

    [Fact]
    public async Task The_report_import_keeps_its_file_through_a_refusal_and_discards_it_once_imported()
    {
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var id = await RegisterAsync("导入保留人");
        var tracking = (await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("trackingNumber").GetString();
        var challenges = System.Text.Encoding.UTF8.GetBytes($"申请编号,类型,提起日期,结果\n{tracking},行政复议,{Seed.Today()},尚未审结\n");

        // A challenges file sent as a ledger: refused, and the file is kept under the form's token.
        var refused = await supervisor.PostMultipartAsync("/Supervision/Report?handler=Import", new() { ["what"] = "ledger" },
            [("file", "复议.csv", challenges)], "/Supervision/Report");
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("未导入任何数据", page);
        Assert.Contains("复议.csv", Regex.Match(page, "<ul class=\"kept\" id=\"kept-files\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value);
        var token = Regex.Match(page, "name=\"ImportToken\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));

        // The right kind chosen, sent again without choosing the file: imported, and the kept file is gone.
        var imported = await supervisor.PostMultipartAsync("/Supervision/Report?handler=Import", new() { ["what"] = "challenges", ["ImportToken"] = token },
            [], "/Supervision/Report");
        Assert.Contains("已导入：新增1条，更新0条", await imported.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));
    }

    [Fact]
    public async Task Files_of_the_applicants_correction_are_kept_through_an_error_and_become_the_requests_attachments()
    {
        var (number, code, id) = await ApplicantApiTests.ApplyAsync(app, ApplicantApiTests.Citizen("补正保留人"));
        var api = app.WithApiKey();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/correction-notice",
            new { items = "请写明项目名称", correctionPeriodEndsOn = Seed.Today(15), date = Seed.Today() })).StatusCode);
        var my = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await my.PostFormAsync("/My", new() { ["TrackingNumber"] = number, ["AccessCode"] = code })).StatusCode);

        var refused = await my.PostMultipartAsync("/My?handler=Correction", new() { ["CorrectedDescription"] = new string('补', 4001) },
            [("Files", "补正材料.pdf", ApplicantApiTests.Pdf)], "/My");
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("「补正内容」不能超过4000个字", page);
        Assert.Contains("补正材料.pdf", Regex.Match(page, "<ul class=\"kept\" id=\"kept-files\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value);
        var token = Regex.Match(page, "name=\"FormToken\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));

        var corrected = await my.PostMultipartAsync("/My?handler=Correction", new() { ["CorrectedDescription"] = "项目名称：体育公园。", ["FormToken"] = token }, [], "/My");
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(["other:补正材料.pdf"], await QueryAsync($"SELECT kind || ':' || file_name FROM attachments WHERE request_id = '{id}' AND kind = 'other'"));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @Token", new { Token = token }));
        Assert.Equal("InProgress", await StateAsync(id));
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CaseFlow.Persistence.Database>(app.Services).OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(connection, sql)).ToList();
    }
}
