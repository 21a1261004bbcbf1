using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>A caseworker in Debian's Chromium, in Chinese: sign in, register, send the correction notice, record the
/// corrected application, reply. Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c> (default: the test output).</summary>
public sealed class BrowserTests : BrowserTest
{
    [Fact]
    public async Task A_caseworker_takes_a_request_from_registration_through_correction_to_reply()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        await page.GotoAsync("/");
        await page.FillAsync("input[name=UserName]", WebApp.UserOfRole[Roles.Caseworker]);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync("**/Workbench");
        await ShotAsync(page, "01-workbench");

        await page.ClickAsync("header >> text=登记申请");
        await page.FillAsync("input[name='Input.ApplicantName']", "");
        await page.ClickAsync("form.wide button[type=submit]");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("请填写「申请人姓名或者名称」。");
        await ShotAsync(page, "02-register-error");

        await page.FillAsync("input[name='Input.ApplicantName']", "浏览器测试人");
        await page.FillAsync("input[name='Input.ApplicantIdDocument']", "居民身份证 110105194912310021");
        await page.FillAsync("input[name='Input.ApplicantPhone']", "13900139000");
        await page.FillAsync("textarea[name='Input.Description']", "申请公开有关文件。");
        await page.ClickAsync("form.wide button[type=submit]");
        await page.WaitForURLAsync("**/Requests/Details/**");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("办理中");
        await ShotAsync(page, "03-registered");

        // Issue 12: the correction notice is its letter, issued from the letters page.
        var details = page.Url;
        await page.ClickAsync("#draft-correction-notice");
        await page.FillAsync("textarea[name='Form.Inputs[input_correction_items]']", "请写明所需文件的名称或文号");
        await page.FillAsync("textarea[name='Form.Inputs[input_correction_period_ends_on]']", Seed.Today(15));
        await page.ClickAsync("#issue");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await page.GotoAsync(details);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("待补正");
        await ShotAsync(page, "04-correction-notice");

        await page.ClickAsync("#action-corrected-application summary");
        await page.FillAsync("#action-corrected-application textarea[name='Input.CorrectedDescription']", "申请公开2024年第3号文件。");
        await page.ClickAsync("#action-corrected-application button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("办理中");
        await Assertions.Expect(page.Locator("svg.timeline")).ToBeVisibleAsync();
        await ShotAsync(page, "05-corrected");

        // The reply is the reply letter: issued, then served; its service closes the request.
        await Assertions.Expect(page.Locator("#action-reply")).ToHaveCountAsync(0);
        await page.ClickAsync("#draft-reply");
        await page.SelectOptionAsync("#choose-letter select[name=outcome]", "102");
        await page.ClickAsync("#choose-letter button[type=submit]");
        await page.FillAsync("textarea[name='Form.Inputs[input_how]']", "随本答复书以电子邮件提供。");
        await page.ClickAsync("#issue");
        await page.WaitForURLAsync("**issued=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        // The service is recorded on the reply letter's own row: the correction notice above it has its own service form.
        var reply = page.Locator($"#letter-{page.Url.Split("issued=")[1]}");
        await Assertions.Expect(reply).ToContainTextAsync("答复书");
        await reply.Locator("details summary").ClickAsync();
        await reply.Locator("input[name=evidence]").FillAsync("电子邮件送达记录");
        await reply.Locator("form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**served=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已登记送达");
        await page.GotoAsync(details);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("已答复");
        await Assertions.Expect(page.Locator("table.audit")).ToContainTextAsync("答复");
        await ShotAsync(page, "06-replied");
    }
}
