using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18 on the pages: /Apply keeps everything on an error (files included) and ends on the receipt; /My opens
/// with the access code; the supervisor closes a rectification item and exports the items safely.</summary>
[Collection(nameof(WebCollection))]
public sealed class ApplicantPageTests(WebApp app)
{
    private static Dictionary<string, string> Form(string idNumber) => new()
    {
        ["Input.ApplicantType"] = "NaturalPerson", ["Input.AgencyCode"] = "a1", ["Input.Name"] = "孙页面", ["Input.IdType"] = "居民身份证",
        ["Input.IdNumber"] = idNumber, ["Input.Phone"] = "13712345678", ["Input.Description"] = "申请公开2025年本镇农村公路养护资金的分配方案。",
        ["Input.FormOfProvision"] = "Electronic", ["Input.ReceiveBy"] = "Download", ["Input.ConsentElectronic"] = "true", ["Input.Website"] = "",
    };

    [Fact]
    public async Task The_form_is_public_with_a_hidden_bot_field_and_a_description_hint()
    {
        var page = await app.Anonymous().GetStringAsync("/Apply");

        Assert.Contains("name=\"Input.Website\" tabindex=\"-1\"", page);
        Assert.Contains("测试机关a1", page);
        Assert.Contains("描述越具体", page);
        Assert.Contains("/js/applicant.js", page);
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain(" onclick=", page);
    }

    [Fact]
    public async Task An_error_keeps_the_fields_and_the_identity_proof_and_the_corrected_form_ends_on_the_receipt()
    {
        var client = app.Anonymous();
        var form = Form("110105194912310021");
        var token = Regex.Match(await client.GetStringAsync("/Apply"), "name=\"Token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        form["Token"] = token;

        var wrong = await client.PostMultipartAsync("/Apply", form, [("IdentityProof", "身份证.pdf", ApplicantApiTests.Pdf)], "/Apply");
        var wrongPage = await wrong.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("id=\"err-idNumber\"", wrongPage);
        Assert.Contains("GB 11643", wrongPage);
        Assert.Contains("身份证.pdf", wrongPage);
        Assert.Contains("申请公开2025年本镇农村公路养护资金的分配方案。", wrongPage);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE applicant_name = '孙页面'"));

        form["Input.IdNumber"] = ApplicantApiTests.IdentityNumber;
        var right = await client.PostMultipartAsync("/Apply", form, [], "/Apply");
        var receipt = await right.Content.ReadAsStringAsync();

        Assert.Contains("id=\"receipt\"", receipt);
        Assert.True(right.Headers.CacheControl?.NoStore);
        var number = Regex.Match(receipt, "id=\"tracking-number\" class=\"big\">([^<]+)<").Groups[1].Value;
        var code = Regex.Match(receipt, "id=\"access-code\" class=\"big\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(number);
        Assert.Matches("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$", code);
        Assert.Equal(1, await app.CountAsync(
            "SELECT COUNT(*) FROM attachments a JOIN requests r ON r.id = a.request_id WHERE r.applicant_name = '孙页面' AND a.kind = 'identity-proof' AND a.file_name = '身份证.pdf'"));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads WHERE token = @T", new { T = token }));

        var my = app.Anonymous();
        var denied = await my.PostFormAsync("/My", new() { ["TrackingNumber"] = number, ["AccessCode"] = "AAAA-BBBB-CCCC" });
        Assert.Contains("受理编号或查询码不正确", await denied.Content.ReadAsStringAsync());
        var opened = await my.PostFormAsync("/My", new() { ["TrackingNumber"] = number, ["AccessCode"] = code.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var mine = await my.GetStringAsync("/My");
        Assert.Contains("待机关确认收到", mine);
        Assert.Contains("提交申请", mine);
        Assert.DoesNotContain(ApplicantApiTests.IdentityNumber, mine);
        Assert.DoesNotContain("cw1", mine);
    }

    [Fact]
    public async Task A_bad_rating_opens_an_item_the_supervisor_closes_on_time_and_exports_without_formulas()
    {
        var (number, code, id) = await ApplicantApiTests.ApplyAsync(app, ApplicantApiTests.Citizen("周差评", "申请公开2025年本区菜市场改造的验收报告。"));
        var applicant = app.Anonymous();
        applicant.DefaultRequestHeaders.Add("X-Access-Code", code);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/withdrawal", new { reason = "另行办理" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating",
            new { level = "非常不满意", comment = "=HYPERLINK(\"http://evil.example\")" })).StatusCode);
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);

        var page = await supervisor.GetStringAsync("/Supervision/Rectifications");
        var itemId = await app.ScalarAsync<string>("SELECT id FROM rectifications WHERE request_id = @Id", new { Id = id });
        Assert.Contains($"id=\"item-{itemId}\"", page);
        Assert.Contains(number, page);

        var csv = Encoding.UTF8.GetString(await supervisor.GetByteArrayAsync("/Supervision/Rectifications?handler=Export&format=csv"));
        Assert.Contains("'=HYPERLINK", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);

        var missing = await supervisor.PostFormAsync($"/Supervision/Rectifications?handler=Close&id={itemId}", new() { ["Verification"] = "已核实" }, "/Supervision/Rectifications");
        var missingPage = await missing.Content.ReadAsStringAsync();
        Assert.Contains("请填写「答复申请人」。", missingPage);
        Assert.Contains("请填写「整改措施」。", missingPage);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM rectifications WHERE id = @Id AND closed_on IS NULL", new { Id = itemId }));

        var closed = await supervisor.PostFormAsync($"/Supervision/Rectifications?handler=Close&id={itemId}", new()
        {
            ["Verification"] = "已电话回访申请人，核实撤回后未说明后续渠道。", ["Reply"] = "已向您说明可另行提出申请的渠道。", ["Changes"] = "撤回确认页增加后续办理指引。",
        }, "/Supervision/Rectifications");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM rectifications WHERE id = @Id AND on_time = 1 AND closed_by = 'sup1'", new { Id = itemId }));
        var seen = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.Equal("已向您说明可另行提出申请的渠道。", seen.GetProperty("rectifications")[0].GetProperty("reply").GetString());

        var dashboard = await supervisor.GetStringAsync("/Supervision");
        Assert.Contains("id=\"satisfaction\"", dashboard);
        Assert.Contains("按期整改率", dashboard);
    }
}
