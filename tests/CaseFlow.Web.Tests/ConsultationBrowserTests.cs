using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>A joint consultation end to end in Debian's Chromium, in Chinese: the caseworker invites the legal adviser
/// from the request page, the adviser signs in, finds it in 会商待办 and gives an opinion, the caseworker sees it and
/// replies. Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c> (default: the test output).</summary>
public sealed class ConsultationBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_caseworker_invites_a_legal_adviser_who_gives_an_opinion_then_the_caseworker_replies()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var created = await api.RegisterAsync(Seed.Registration("赵会商", "申请公开2024年本区道路养护合同及验收材料。"));
        var requestId = created.GetProperty("id").GetString();

        var caseworker = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await caseworker.WaitForURLAsync("**/Workbench");
        await caseworker.GotoAsync($"/Requests/Details/{requestId}");
        await caseworker.ClickAsync("#action-consultation summary");
        await caseworker.SelectOptionAsync("#action-consultation select[name='Input.Kind']", "Internal");
        await caseworker.CheckAsync($"#action-consultation input[name='Input.Advisers'][value='{WebApp.UserOfRole[Roles.LegalAdviser]}']");
        await caseworker.FillAsync("#action-consultation textarea[name='Input.Question']", "验收材料中的第三方报价是否应当区分处理？");
        await caseworker.FillAsync("#action-consultation input[name='Input.DueOn']", Seed.Today(7));
        await ShotAsync(caseworker, "consultation-01-invite");
        await caseworker.ClickAsync("#action-consultation button[type=submit]");
        await caseworker.WaitForURLAsync("**done=consultation");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("尚未提出意见");
        await ShotAsync(caseworker, "consultation-02-invited");

        var adviser = await SignInAsync(WebApp.UserOfRole[Roles.LegalAdviser]);
        await adviser.WaitForURLAsync("**/Consultations");
        await Assertions.Expect(adviser.Locator("h1")).ToContainTextAsync("会商待办");
        await ShotAsync(adviser, "consultation-03-inbox");
        await adviser.ClickAsync("table.consultations a");
        await Assertions.Expect(adviser.Locator("dd.question")).ToContainTextAsync("第三方报价");
        await Assertions.Expect(adviser.Locator("dd.description")).ToContainTextAsync("道路养护合同");
        await adviser.ClickAsync("button:has-text('提交意见')");
        await Assertions.Expect(adviser.Locator(".error-summary")).ToContainTextAsync("请选择「意见」");
        await adviser.CheckAsync("input[name='Input.Position'][value='Conditional']");
        await adviser.FillAsync("textarea[name='Input.Reasoning']", "报价属于第三方商业信息，应区分处理后公开其余部分。");
        await adviser.FillAsync("input[name='Input.CitedArticles']", "第十五条、第三十七条");
        await adviser.ClickAsync("button:has-text('提交意见')");
        await Assertions.Expect(adviser.Locator("p.my-opinion")).ToContainTextAsync("附条件同意");
        await ShotAsync(adviser, "consultation-04-opinion-given");

        await caseworker.ReloadAsync();
        await Assertions.Expect(caseworker.Locator("section.consultations tr.opinion")).ToContainTextAsync("应区分处理后公开其余部分");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("意见已齐");
        await ShotAsync(caseworker, "consultation-05-opinion-seen");
        // Issue 12: the reply is the reply letter, issued on the letters page; its service is the reply.
        var details = caseworker.Url;
        await caseworker.ClickAsync("#draft-reply");
        await caseworker.SelectOptionAsync("#choose-letter select[name=outcome]", "200");
        await caseworker.ClickAsync("#choose-letter button[type=submit]");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_how]']", "随本答复书以电子邮件提供其余部分。");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_reasons]']", "经会商，第三方报价信息不予公开，其余部分予以公开（第三十七条）。");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_reconsideration_body]']", "示范县人民政府");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_court]']", "示范县人民法院");
        await caseworker.ClickAsync("#issue");
        await caseworker.WaitForURLAsync("**issued=**");
        var reply = caseworker.Locator($"#letter-{caseworker.Url.Split("issued=")[1]}");
        await reply.Locator("details summary").ClickAsync();
        await reply.Locator("input[name=evidence]").FillAsync("电子邮件送达记录");
        await reply.Locator("form button[type=submit]").ClickAsync();
        await caseworker.WaitForURLAsync("**served=**");
        await caseworker.GotoAsync(details);
        await Assertions.Expect(caseworker.Locator("h1")).ToContainTextAsync("已答复");
        await ShotAsync(caseworker, "consultation-06-replied");
    }
}
