using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 17 item 3, Art. 35 on the letters page: the 说明理由通知书 issued there is the request for reasons (its reply
/// window written next to it), the 延迟答复告知书 sets the later reasonable reply date; both numbered.</summary>
[Collection(nameof(WebCollection))]
public sealed class Art35LetterTests(WebApp app)
{
    [Fact]
    public async Task The_request_for_reasons_and_the_notice_of_the_later_date_are_issued_on_the_letters_page()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "孙多件"))).GetProperty("id").GetString()!;
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var letters = $"/Requests/Letters/{id}";

        var before = await client.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("id=\"draft-reasons-request\"", before);
        // A letter that performs an act is that act: the page offers no bare form beside it.
        Assert.DoesNotContain("id=\"action-reasons-request\"", before);
        Assert.DoesNotContain("id=\"action-reasonable-period\"", before);
        var page = await client.GetStringAsync($"{letters}?type=reasons-request");
        Assert.Contains("说明理由通知书", page);
        Assert.Contains("input_reasons_window_ends_on", page);

        var missing = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "reasons-request", ["Form.Inputs[input_reasons]"] = "您于10日内提出30件内容相近的申请", ["Form.Inputs[input_reasons_window_ends_on]"] = "" }, letters);
        Assert.Contains("请填写：申请人说明理由的期限（YYYY-MM-DD，第三十五条）。", await missing.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id = '{id}'"));

        var asked = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "reasons-request", ["Form.Inputs[input_reasons]"] = "您于10日内提出30件内容相近的申请", ["Form.Inputs[input_reasons_window_ends_on]"] = Seed.Today(10) }, letters);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(1L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id = '{id}' AND document_number LIKE '%说告第%号'"));
        var content = await app.ScalarAsync<string>($"SELECT content FROM letters WHERE request_id = '{id}'");
        Assert.Contains("《中华人民共和国政府信息公开条例》第三十五条", content);
        Assert.Contains("您于10日内提出30件内容相近的申请", content);
        // The letter was the act: the request now offers the later date (the Art. 35 decision after the reasons).
        var details = await client.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("id=\"draft-reasonable-period-notice\"", details);
        Assert.Contains("id=\"reasons-asked\"", details);
        Assert.DoesNotContain("id=\"action-reasonable-period\"", details);
        Assert.DoesNotContain("id=\"draft-reasons-request\"", details);

        var later = Seed.Today(90);
        var told = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "reasonable-period-notice", ["Form.Inputs[input_reasons]"] = "所需检索的档案数量较大", ["Form.Inputs[input_reasonable_reply_due_on]"] = later }, letters);
        Assert.Equal(HttpStatusCode.Redirect, told.StatusCode);
        Assert.Equal(1L, await app.CountAsync($"SELECT COUNT(*) FROM letters WHERE request_id = '{id}' AND document_number LIKE '%迟告第%号'"));
        Assert.Equal(later, (await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("deadlines").GetProperty("replyDueOn").GetString());
    }
}
