using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 17 item 5 through the real app: the fee notice computes its amount from the tiers of 国办函〔2020〕109号 and
/// shows the computation; a caseworker may lower it with a reason, never raise it; the page names the field, the API answers
/// ProblemDetails naming it.</summary>
[Collection(nameof(WebCollection))]
public sealed class FeeNoticeTests(WebApp app)
{
    private async Task<string> RegisterAsync(string name) =>
        (await app.WithApiKey().RegisterAsync(Seed.Registration(name: name))).GetProperty("id").GetString()!;

    /// <summary>The letters page after 更新预览, as text (entities decoded: the page writes × as &amp;#215;).</summary>
    private static async Task<string> PreviewAsync(HttpClient client, string id, Dictionary<string, string> inputs)
    {
        var form = inputs.ToDictionary(i => $"Form.Inputs[{i.Key}]", i => i.Value);
        form["Form.Type"] = "fee-notice";
        form["Form.Inputs[input_payment_method]"] = "银行转账至示范县财政局非税收入账户";
        var page = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Preview", form, $"/Requests/Letters/{id}");
        return WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Per_application_counts_the_applicants_applications_this_month_at_this_agency()
    {
        // The same applicant (as the early warning recognises one: the name) files eleven applications this month.
        var ids = new List<string>();
        for (var i = 0; i < 11; i++)
            ids.Add(await RegisterAsync("钱按件"));
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var tenth = await PreviewAsync(client, ids[9], new() { ["input_fee_method"] = "per-application" });
        Assert.Contains("按收费标准，本申请在免费范围内（同一申请人一个自然月内10件以下（含10件）），不得收费", tenth);
        Assert.Contains("第10件申请", tenth);

        var eleventh = await PreviewAsync(client, ids[10], new() { ["input_fee_method"] = "per-application" });
        Assert.Contains("按件计收：申请人本自然月内向本机关提出的第11件申请；适用11—30件档，收费标准100元/件；合计100元。按收费标准计收100元。", eleventh);
        Assert.Contains("金额：人民币100元", eleventh);
    }

    [Fact]
    public async Task Per_volume_shows_the_computation_and_a_lowered_amount_with_its_reason()
    {
        var id = await RegisterAsync("孙按量");
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var full = await PreviewAsync(client, id, new() { ["input_fee_method"] = "per-volume", ["input_fee_pages"] = "120" });
        Assert.Contains("按量计收：本申请提供信息共120页；第31—100页，70页×10元＝700元；第101—120页，20页×20元＝400元；合计1100元。", full);
        Assert.Contains("金额：人民币1100元", full);

        var lowered = await PreviewAsync(client, id, new()
        {
            ["input_fee_method"] = "per-volume", ["input_fee_pages"] = "120", ["input_fee_amount"] = "500", ["input_fee_reduction_reason"] = "部分页面为重复材料",
        });
        Assert.Contains("按收费标准应收1100元，减收600元，实收500元；减收理由：部分页面为重复材料。", lowered);

        var noReason = await PreviewAsync(client, id, new() { ["input_fee_method"] = "per-volume", ["input_fee_pages"] = "120", ["input_fee_amount"] = "500" });
        Assert.Contains("须说明减收理由", noReason);
    }

    [Fact]
    public async Task Raising_the_amount_beyond_the_tier_is_refused_naming_the_amount_and_nothing_is_issued()
    {
        var id = await RegisterAsync("周多收");
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var page = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", new()
        {
            ["Form.Type"] = "fee-notice", ["Form.Inputs[input_fee_method]"] = "per-volume", ["Form.Inputs[input_fee_pages]"] = "100",
            ["Form.Inputs[input_fee_amount]"] = "700.01", ["Form.Inputs[input_payment_method]"] = "银行转账",
        }, $"/Requests/Letters/{id}");
        Assert.Contains("收费金额不得高于按收费标准计算的700元", await page.Content.ReadAsStringAsync());

        var api = app.WithApiKey();
        var letters = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "fee-notice",
            inputs = new Dictionary<string, string>
            {
                ["input_fee_method"] = "per-volume", ["input_fee_pages"] = "100", ["input_fee_amount"] = "701", ["input_payment_method"] = "银行转账",
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        var errors = (await letters.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("700元", errors.GetProperty("input_fee_amount")[0].GetString());

        // A notice made elsewhere, recorded through the action: the same rule, naming `amount`.
        var action = await api.PostAsJsonAsync($"/api/requests/{id}/fee-notice", new
        {
            date = Seed.Today(), amount = 800, basis = "国办函〔2020〕109号", method = "per-volume", pages = 100,
        });
        Assert.Equal(HttpStatusCode.BadRequest, action.StatusCode);
        Assert.True((await action.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("amount", out _));
        var noMethod = await api.PostAsJsonAsync($"/api/requests/{id}/fee-notice", new { date = Seed.Today(), amount = 100, basis = "国办函〔2020〕109号" });
        Assert.True((await noMethod.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("method", out _));

        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE id = @Id AND fee_amount_fen IS NOT NULL", new { Id = id }));
    }
}
