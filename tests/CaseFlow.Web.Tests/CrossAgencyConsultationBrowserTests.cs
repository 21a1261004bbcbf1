using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 17 item 2 end to end in Debian's Chromium, in Chinese: the caseworker of agency a1 asks agency a2 of the
/// same installation for its opinion (Art. 34) from the request page; a2's caseworker finds the task in 会商待办 and
/// answers it; a1's request page shows the opinion. Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c>.</summary>
public sealed class CrossAgencyConsultationBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_caseworker_consults_another_agency_of_the_installation_which_answers_in_its_inbox()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var created = await api.RegisterAsync(Seed.Registration("钱跨部", "申请公开本区河道整治工程的规划图。"));
        var requestId = created.GetProperty("id").GetString();

        var caseworker = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await caseworker.WaitForURLAsync("**/Workbench");
        await caseworker.GotoAsync($"/Requests/Details/{requestId}");
        await caseworker.ClickAsync("#action-consultation summary");
        await caseworker.SelectOptionAsync("#action-consultation select[name='Input.Kind']", "OtherAgency");
        await caseworker.SelectOptionAsync("#action-consultation select[name='Input.AddressedAgency']", "a2");
        await caseworker.FillAsync("#action-consultation textarea[name='Input.Question']", "规划图是否涉及贵机关不宜公开的内容？");
        await caseworker.FillAsync("#action-consultation input[name='Input.LetterReceivedOn']", Seed.Today());
        await ShotAsync(caseworker, "cross-agency-01-ask");
        await caseworker.ClickAsync("#action-consultation button[type=submit]");
        await caseworker.WaitForURLAsync("**done=consultation");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("测试机关a2");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("尚未提出意见");

        var other = await SignInAsync("cw2");
        await other.WaitForURLAsync("**/Workbench");
        await other.ClickAsync("nav a[href='/Consultations']");
        await Assertions.Expect(other.Locator("h1")).ToContainTextAsync("会商待办");
        await Assertions.Expect(other.Locator("table.consultations td.from")).ToContainTextAsync("测试机关a1");
        await ShotAsync(other, "cross-agency-02-inbox");
        await other.ClickAsync("table.consultations a");
        await Assertions.Expect(other.Locator("dd.question")).ToContainTextAsync("不宜公开的内容");
        await Assertions.Expect(other.Locator("dd.description")).ToContainTextAsync("河道整治工程");
        await Assertions.Expect(other.Locator("dd.answering-as")).ToContainTextAsync("测试机关a2");
        await other.CheckAsync("input[name='Input.Position'][value='Agree']");
        await other.FillAsync("textarea[name='Input.Reasoning']", "规划图不涉及本机关不宜公开的内容，同意公开。");
        await other.FillAsync("input[name='Input.CitedArticles']", "第三十四条");
        await other.ClickAsync("button:has-text('提交意见')");
        await Assertions.Expect(other.Locator("p.my-opinion")).ToContainTextAsync("同意");
        await ShotAsync(other, "cross-agency-03-answered");

        await caseworker.ReloadAsync();
        await Assertions.Expect(caseworker.Locator("section.consultations tr.opinion")).ToContainTextAsync("同意公开");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("意见已齐");
        await ShotAsync(caseworker, "cross-agency-04-opinion-seen");
    }
}
