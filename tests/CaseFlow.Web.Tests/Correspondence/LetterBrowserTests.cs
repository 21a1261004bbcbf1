using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>A caseworker in Debian's Chromium issues a letter from the request page and downloads it as a Word file.
/// Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c>.</summary>
public sealed class LetterBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_caseworker_issues_a_receipt_from_the_request_page_and_downloads_the_word_file()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress, AcceptDownloads = true });
        await page.GotoAsync("/");
        await page.FillAsync("input[name=UserName]", WebApp.UserOfRole[Roles.Caseworker]);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync("**/Workbench");

        await page.ClickAsync("header >> text=登记申请");
        await page.FillAsync("input[name='Input.ApplicantName']", "文书测试人");
        await page.FillAsync("input[name='Input.ApplicantIdDocument']", "居民身份证 11010519491231002X");
        await page.FillAsync("input[name='Input.ApplicantPhone']", "13900139000");
        await page.FillAsync("textarea[name='Input.Description']", "申请公开本县2025年道路养护合同。");
        await page.ClickAsync("form.wide button[type=submit]");
        await page.WaitForURLAsync("**/Requests/Details/**");

        await page.ClickAsync("#letters-link");
        await page.WaitForURLAsync("**/Requests/Letters/**");
        await page.SelectOptionAsync("#choose-letter select[name=type]", "receipt");
        await page.ClickAsync("#choose-letter button[type=submit]");
        await Assertions.Expect(page.Locator(".letter-preview h1")).ToHaveTextAsync("政府信息公开申请受理回执");
        await ShotAsync(page, "11-letter-preview");

        await page.ClickAsync("#issue");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await ShotAsync(page, "12-letter-issued");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("table.letters >> text=下载 Word"));
        Assert.EndsWith(".docx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"caseflow-letter-{Guid.NewGuid()}.docx");
        await download.SaveAsAsync(path);
        try
        {
            await using var file = File.OpenRead(path);
            var text = LetterDocx.ReadText(file);
            Assert.Contains("政府信息公开申请受理回执", text);
            Assert.Contains("文书测试人：", text);
            Assert.Matches(@"〔\d{4}〕受第1号", text);
        }
        finally
        {
            File.Delete(path);
        }

        await page.GotoAsync(page.Url.Split('?')[0].Replace("/Requests/Letters/", "/Requests/Details/"));
        await Assertions.Expect(page.Locator("#letters")).ToContainTextAsync("受第1号");
    }
}
