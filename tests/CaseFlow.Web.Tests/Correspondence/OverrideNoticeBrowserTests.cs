using System.Net;
using System.Net.Http.Json;
using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Art. 32 in Debian's Chromium: after a third party's refusal the caseworker records the public-interest override
/// on the request page, follows its link to issue the 公开决定告知书, and the request then takes a reply letter 予以公开, whose service is the reply.
/// Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c>.</summary>
public sealed class OverrideNoticeBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_caseworker_records_the_override_issues_the_notice_from_the_request_page_and_may_then_disclose()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var registration = Seed.Registration("钱公开", "申请公开示范建设有限公司承建的道路工程合同金额。");
        registration["receivedOn"] = Seed.Today(-10);
        var requestId = (await api.RegisterAsync(registration)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "ThirdParty", ["participants"] = "示范建设有限公司", ["question"] = "是否同意公开贵公司的合同金额", ["date"] = Seed.Today(-7),
        })).StatusCode);
        string? consultationId = null;
        for (var attempt = 0; attempt < 100 && consultationId is null; attempt++, await Task.Delay(100))
            consultationId = (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/requests/{requestId}")).GetProperty("consultations")
                .EnumerateArray().Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{requestId}/opinion", new Dictionary<string, object?>
        {
            ["consultationId"] = consultationId, ["participant"] = "示范建设有限公司", ["position"] = "Disagree", ["reasoning"] = "合同金额属于商业秘密", ["date"] = Seed.Today(-1),
        })).StatusCode);

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("input[name=UserName]", WebApp.UserOfRole[Roles.Caseworker]);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync("**/Workbench");
        // The request hears of the refusal from the consultation workflow a moment after the API answered.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await page.GotoAsync($"/Requests/Details/{requestId}");
            if (await page.Locator("#action-public-interest-override").CountAsync() > 0)
                break;
            await Task.Delay(100);
        }

        await page.ClickAsync("#action-public-interest-override summary");
        await page.FillAsync("#action-public-interest-override textarea[name='Input.Reasons']", "该工程使用财政资金，合同金额关系公众切身利益。");
        await page.ClickAsync("#action-public-interest-override button[type=submit]");
        await page.WaitForURLAsync("**done=public-interest-override");
        await Assertions.Expect(page.Locator("#action-override-letter")).ToHaveCountAsync(0);
        await page.ClickAsync("#issue-override-notice");
        await page.WaitForURLAsync("**type=override-notice");
        await page.FillAsync("textarea[name='Form.Inputs[input_reconsideration_body]']", "示范县人民政府");
        await page.FillAsync("textarea[name='Form.Inputs[input_court]']", "示范县人民法院");
        await page.ClickAsync("button:has-text('更新预览')");
        await Assertions.Expect(page.Locator(".letter-preview")).ToContainTextAsync("决定公开的理由：该工程使用财政资金，合同金额关系公众切身利益");
        await page.ClickAsync("#issue");
        await page.WaitForURLAsync("**issued=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("告第");
        await ShotAsync(page, "override-notice-issued");

        await page.GotoAsync($"/Requests/Details/{requestId}");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("已书面告知第三方");

        // Issue 12: the reply is the reply letter 102 予以公开, now allowed (Art. 32); serving it closes the request.
        await page.GotoAsync($"/Requests/Letters/{requestId}?type=reply&outcome=102");
        await page.FillAsync("textarea[name='Form.Inputs[input_how]']", "随本答复书以电子邮件提供。");
        await page.ClickAsync("#issue");
        await page.WaitForURLAsync("**issued=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("答第");
        var reply = page.Locator($"#letter-{page.Url.Split("issued=")[1]}");
        await reply.Locator("details summary").ClickAsync();
        await reply.Locator("input[name=evidence]").FillAsync("电子邮件送达记录");
        await reply.Locator("form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**served=**");
        await page.GotoAsync($"/Requests/Details/{requestId}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("已答复");
        await ShotAsync(page, "override-then-disclosed");
    }
}
