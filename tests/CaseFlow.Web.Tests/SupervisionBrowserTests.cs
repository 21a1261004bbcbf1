using System.Net.Http.Json;
using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>A supervisor in Debian's Chromium, in Chinese: the dashboard, an extension approved, an early warning on a
/// burst of similar applications, and the annual report downloaded as .xlsx whose tables balance. Screenshots go to
/// <c>$CASEFLOW_ARTIFACTS/screenshots</c>.</summary>
public sealed class SupervisionBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_supervisor_sees_the_dashboard_approves_an_extension_is_warned_and_exports_a_balanced_report()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var extended = await api.RegisterAsync(Seed.Registration("吴敏", "申请公开本县各乡镇财政预决算明细。"));
        var id = extended.GetProperty("id").GetString();
        var tracking = extended.GetProperty("trackingNumber").GetString()!;
        (await api.PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 15, reason = "需多个乡镇检索汇总" })).EnsureSuccessStatusCode();
        foreach (var (name, text) in new[]
        {
            ("甲某", "申请公开城南片区旧城改造征收补偿安置方案。"),
            ("乙某", "请公开城南片区旧城改造的征收补偿安置方案"),
            ("丙某", "申请公开：城南片区旧城改造征收补偿、安置方案。"),
        })
            await api.RegisterAsync(Seed.Registration(name, text));

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress, AcceptDownloads = true });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name=UserName]", WebApp.UserOfRole[Roles.Supervisor]);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));

        await page.ClickAsync("header >> text=督办看板");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("督办看板");
        await Assertions.Expect(page.Locator("svg.chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#open-by-days-left")).ToContainTextAsync("测试机关a1");
        await ShotAsync(page, "s01-dashboard");

        await page.ClickAsync("nav.supervision-nav >> text=延期审批");
        var card = page.Locator($"#extension-{tracking}");
        await Assertions.Expect(card.Locator(".reason")).ToHaveTextAsync("需多个乡镇检索汇总");
        await card.Locator("input[name=Days]").FillAsync("10");
        await ShotAsync(page, "s02-extension-queue");
        await card.Locator("button[value=approve]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已批准延期");
        await Assertions.Expect(page.Locator($"#extension-{tracking}")).ToHaveCountAsync(0);
        // The notice to the applicant (Art. 33 ¶2): the letters page, extension notice preselected and drafted.
        await page.ClickAsync(".notice a.extension-notice");
        await Assertions.Expect(page.Locator("select[name=type]")).ToHaveValueAsync("extension-notice");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("答复期限延长10个工作日");
        await ShotAsync(page, "s02b-extension-notice");
        await page.GoBackAsync();

        await page.ClickAsync("nav.supervision-nav >> text=预警");
        var group = page.Locator("section.warning-similarrequests");
        await Assertions.Expect(group).ToContainTextAsync("群体性申请");
        await Assertions.Expect(group.Locator("ul.requests li")).ToHaveCountAsync(3);
        await Assertions.Expect(group).ToContainTextAsync("第四十四条");
        await ShotAsync(page, "s03-warnings");

        await page.ClickAsync("nav.supervision-nav >> text=年度报告");
        await page.FillAsync("input[name=year]", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator("#check")).ToContainTextAsync("符合全部算术规则");
        await Assertions.Expect(page.Locator("#table-3 tr[data-row='一'] td.total")).ToHaveTextAsync("4");
        await ShotAsync(page, "s04-report");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-xlsx"));
        var path = Path.Combine(Path.GetTempPath(), $"browser-report-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            ReportSheetAssert.Balances(await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
