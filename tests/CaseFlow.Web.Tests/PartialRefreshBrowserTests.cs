using System.Net.Http.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 6: the request page's consultation section, the review queue, the extension approval queue and the
/// header's badges update in place (wwwroot/js/site.js, data-partial), without a full reload; without script the same forms post and
/// redirect. "Without a full reload" is checked by a mark set on the page's window before the action: a navigation
/// would clear it.</summary>
public sealed class PartialRefreshBrowserTests(SharedBrowser shared) : IClassFixture<SharedBrowser>
{
    private const string Mark = "window.caseflowMark = 'still-here'";
    private const string MarkKept = "window.caseflowMark === 'still-here'";

    private async Task<IPage> SignInAsync(string userName, bool script = true)
    {
        var context = await shared.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN", BaseURL = shared.BaseAddress, JavaScriptEnabled = script, ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name=UserName]", userName);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    private async Task<string> RegisterAsync(string name, string description)
    {
        using var api = new HttpClient { BaseAddress = new Uri(shared.BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", shared.App.ApiKey);
        return (await api.RegisterAsync(Seed.Registration(name, description))).GetProperty("id").GetString()!;
    }

    private static async Task StartConsultationAsync(IPage page, string question)
    {
        await page.ClickAsync("#action-consultation summary");
        await page.SelectOptionAsync("#action-consultation select[name='Input.Kind']", "Internal");
        await page.CheckAsync($"#action-consultation input[name='Input.Advisers'][value='{WebApp.UserOfRole[Roles.LegalAdviser]}']");
        await page.FillAsync("#action-consultation textarea[name='Input.Question']", question);
        await page.FillAsync("#action-consultation input[name='Input.DueOn']", Seed.Today(7));
        await page.ClickAsync("#action-consultation button[type=submit]");
    }

    [Fact]
    public async Task Starting_a_consultation_shows_it_with_its_reminder_and_withdrawal_without_a_reload()
    {
        var id = await RegisterAsync("局部刷新", "申请公开2025年本区市政道路养护合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await page.GotoAsync($"/Requests/Details/{id}");
        await Assertions.Expect(page.Locator("#action-consultation-reminder")).ToHaveCountAsync(0);
        await page.EvaluateAsync(Mark);

        await StartConsultationAsync(page, "养护合同的单价是否属于商业秘密？");

        await Assertions.Expect(page.Locator("section.consultations")).ToContainTextAsync("养护合同的单价是否属于商业秘密？");
        await Assertions.Expect(page.Locator("section.consultations tr.awaited")).ToContainTextAsync("尚未提出意见");
        await Assertions.Expect(page.Locator("#action-consultation-reminder summary")).ToContainTextAsync("催办");
        await Assertions.Expect(page.Locator("#action-consultation-withdrawal summary")).ToContainTextAsync("撤回");
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
        Assert.Contains("done=consultation", page.Url);
        await BrowserTest.ShotAsync(page, "partial-consultation-started");

        // The new 催办 form is live at once: it too works in place.
        await page.ClickAsync("#action-consultation-reminder summary");
        await page.ClickAsync("#action-consultation-reminder button[type=submit]");
        await Assertions.Expect(page.Locator("section.consultations")).ToContainTextAsync("已催办");
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
    }

    [Fact]
    public async Task A_refused_consultation_comes_back_in_place_with_what_was_typed()
    {
        var id = await RegisterAsync("局部刷新错误", "申请公开2025年本区绿化养护合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await page.GotoAsync($"/Requests/Details/{id}");
        await page.EvaluateAsync(Mark);

        await StartConsultationAsync(page, "");

        await Assertions.Expect(page.Locator("#action-consultation[open]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#err-consultation-question")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#action-consultation select[name='Input.Kind']")).ToHaveValueAsync("Internal");
        await Assertions.Expect(page.Locator($"#action-consultation input[name='Input.Advisers'][value='{WebApp.UserOfRole[Roles.LegalAdviser]}']")).ToBeCheckedAsync();
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
    }

    [Fact]
    public async Task Without_script_starting_a_consultation_is_a_plain_post_and_redirect()
    {
        var id = await RegisterAsync("无脚本", "申请公开2025年本区路灯维护合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker], script: false);
        await page.GotoAsync($"/Requests/Details/{id}");

        await StartConsultationAsync(page, "路灯维护合同是否可以公开？");

        await page.WaitForURLAsync("**done=consultation");
        await Assertions.Expect(page.Locator("section.consultations")).ToContainTextAsync("路灯维护合同是否可以公开？");
        await Assertions.Expect(page.Locator("#action-consultation-reminder summary")).ToContainTextAsync("催办");
    }

    [Fact]
    public async Task Approving_an_extension_updates_the_queue_and_its_badge_in_place()
    {
        var id = await RegisterAsync("延期局部", "申请公开本县2025年各乡镇债务明细。");
        using (var api = new HttpClient { BaseAddress = new Uri(shared.BaseAddress) })
        {
            api.DefaultRequestHeaders.Add("X-Api-Key", shared.App.ApiKey);
            (await api.PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 10, reason = "需向各乡镇检索" })).EnsureSuccessStatusCode();
        }
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await page.GotoAsync("/Supervision/Extensions");
        var waiting = int.Parse((await page.Locator("#extensions-link .badge").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var card = page.Locator("section.extension").Filter(new() { HasText = "需向各乡镇检索" });
        await page.EvaluateAsync(Mark);

        await card.Locator("button[value=approve]").ClickAsync();

        await Assertions.Expect(page.Locator("#extension-queue .notice")).ToContainTextAsync("已批准延期");
        await Assertions.Expect(page.Locator("section.extension").Filter(new() { HasText = "需向各乡镇检索" })).ToHaveCountAsync(0);
        if (waiting == 1)
            await Assertions.Expect(page.Locator("#extensions-link .badge")).ToHaveCountAsync(0);
        else
            await Assertions.Expect(page.Locator("#extensions-link .badge")).ToHaveTextAsync((waiting - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
    }

    [Fact]
    public async Task The_notices_badge_follows_the_server_when_the_tab_comes_back()
    {
        const string adviser = "adv-badge";
        await using (var connection = await shared.App.Services.GetRequiredService<Persistence.Database>().OpenAsync())
            if (await Users.FindByNameAsync(connection, adviser) is null)
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = adviser, DisplayName = "徐律师", AgencyCode = "a1", Role = Roles.LegalAdviser,
                    PasswordHash = Security.SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                });
        var page = await SignInAsync(adviser);
        await page.GotoAsync("/Consultations");
        await Assertions.Expect(page.Locator("#notifications-link")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#notifications-link .badge")).ToHaveCountAsync(0);
        await page.EvaluateAsync(Mark);

        var id = await RegisterAsync("徽标", "申请公开2025年本区环卫作业外包合同。");
        using (var api = new HttpClient { BaseAddress = new Uri(shared.BaseAddress) })
        {
            api.DefaultRequestHeaders.Add("X-Api-Key", shared.App.ApiKey);
            (await api.PostAsJsonAsync($"/api/requests/{id}/consultation", new Dictionary<string, object?>
            {
                ["kind"] = "Internal", ["advisers"] = new[] { adviser }, ["question"] = "外包合同是否可以公开？", ["date"] = Seed.Today(), ["dueOn"] = Seed.Today(5),
            })).EnsureSuccessStatusCode();
        }
        // The invitation is written by the consultation workflow: wait until it is there, then bring the tab back.
        for (var i = 0; i < 100 && await shared.App.CountAsync("SELECT COUNT(*) FROM notifications WHERE user_name = @U", new { U = adviser }) == 0; i++)
            await Task.Delay(100);
        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");

        await Assertions.Expect(page.Locator("#notifications-link .badge")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
    }

    /// <summary>A reply (401, nothing to check at sign-off) drafted through the API and waiting for the supervisor's
    /// sign-off; the applicant's name finds its review on the page.</summary>
    private async Task DraftForReviewAsync(string name, string description)
    {
        var id = await RegisterAsync(name, description);
        await shared.App.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri(shared.BaseAddress) };
            api.DefaultRequestHeaders.Add("X-Api-Key", shared.App.ApiKey);
            var submitted = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
            {
                type = "reply", outcome = 401,
                inputs = new { input_reasons = "经检索，本机关未制作或者获取该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
            });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        }
        finally
        {
            await shared.App.ReviewRepliesAsync(ReviewMode.None);
        }
    }

    private static async Task<int> BadgeAsync(IPage page, string link) =>
        await page.Locator($"#{link} .badge").CountAsync() == 0 ? 0
            : int.Parse((await page.Locator($"#{link} .badge").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ExpectBadgeAsync(IPage page, string link, int count)
    {
        if (count == 0)
            await Assertions.Expect(page.Locator($"#{link} .badge")).ToHaveCountAsync(0);
        else
            await Assertions.Expect(page.Locator($"#{link} .badge")).ToHaveTextAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Signing_a_reply_updates_the_review_queue_and_its_badge_in_place_keeping_what_is_typed_in_the_others()
    {
        await DraftForReviewAsync("签发局部甲", "申请公开2025年本区公厕保洁合同。");
        await DraftForReviewAsync("签发局部乙", "申请公开2025年本区垃圾清运合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await page.GotoAsync("/Reviews");
        var waiting = await BadgeAsync(page, "reviews-link");
        var first = page.Locator("section.review").Filter(new() { HasText = "签发局部甲" });
        var second = page.Locator("section.review").Filter(new() { HasText = "签发局部乙" });
        await second.Locator("textarea[name='Input.Comment']").FillAsync("乙稿待我核对后再签。");
        await page.EvaluateAsync(Mark);

        // A return needs a comment: the error comes back in place, on the review it concerns; the other keeps its text.
        await first.Locator("button.return").ClickAsync();
        await Assertions.Expect(page.Locator("#review-queue .error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator("textarea[name='Input.Comment'][aria-invalid=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(second.Locator("textarea[name='Input.Comment']")).ToHaveValueAsync("乙稿待我核对后再签。");

        await first.Locator("button.approve").ClickAsync();

        await Assertions.Expect(page.Locator("#review-queue p.notice")).ToContainTextAsync("已签发：〔");
        await Assertions.Expect(page.Locator("#review-queue .error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(first).ToHaveCountAsync(0);
        await Assertions.Expect(second.Locator("textarea[name='Input.Comment']")).ToHaveValueAsync("乙稿待我核对后再签。");
        await ExpectBadgeAsync(page, "reviews-link", waiting - 1);
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
        Assert.Contains("issued=", page.Url);
        await BrowserTest.ShotAsync(page, "partial-review-signed");
    }

    [Fact]
    public async Task A_review_decided_in_another_session_leaves_the_queue_and_a_new_one_comes_when_the_tab_comes_back()
    {
        await DraftForReviewAsync("另一会话签发", "申请公开2025年本区人行道维修合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await page.GotoAsync("/Reviews");
        var waiting = await BadgeAsync(page, "reviews-link");
        await Assertions.Expect(page.Locator("section.review").Filter(new() { HasText = "另一会话签发" })).ToHaveCountAsync(1);
        await page.EvaluateAsync(Mark);

        var elsewhere = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await elsewhere.GotoAsync("/Reviews");
        await elsewhere.Locator("section.review").Filter(new() { HasText = "另一会话签发" }).Locator("button.approve").ClickAsync();
        await Assertions.Expect(elsewhere.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await DraftForReviewAsync("新送审稿", "申请公开2025年本区公交候车亭广告合同。");

        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");

        await Assertions.Expect(page.Locator("section.review").Filter(new() { HasText = "另一会话签发" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("section.review").Filter(new() { HasText = "新送审稿" })).ToHaveCountAsync(1);
        await ExpectBadgeAsync(page, "reviews-link", waiting);
        Assert.True(await page.EvaluateAsync<bool>(MarkKept), "the page was reloaded");
    }

    [Fact]
    public async Task Without_script_signing_a_reply_is_a_plain_post_and_redirect()
    {
        await DraftForReviewAsync("无脚本签发", "申请公开2025年本区停车场经营合同。");
        var page = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor], script: false);
        await page.GotoAsync("/Reviews");

        await page.Locator("section.review").Filter(new() { HasText = "无脚本签发" }).Locator("button.approve").ClickAsync();

        await page.WaitForURLAsync("**issued=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await Assertions.Expect(page.Locator("section.review").Filter(new() { HasText = "无脚本签发" })).ToHaveCountAsync(0);
    }
}
