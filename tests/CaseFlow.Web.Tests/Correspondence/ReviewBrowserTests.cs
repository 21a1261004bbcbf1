using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime.Text;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 12, done when: in Debian's Chromium a caseworker drafts a partial-disclosure reply with a reply document;
/// the supervisor finds it in /Reviews, attests the checklist and approves; the letter is numbered; its service is recorded;
/// the request is closed with outcome 200 on the service date, counted in 三(二) and in the on-time rate; a second tab's
/// issue makes no second number.</summary>
public sealed class ReviewBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_partial_disclosure_reply_is_drafted_signed_off_in_reviews_served_and_counted()
    {
        await App.ReviewRepliesAsync(ReviewMode.Single);
        var today = Seed.Today();
        var year = int.Parse(today[..4], System.Globalization.CultureInfo.InvariantCulture);
        var (row200Before, repliedBefore, onTimeBefore) = await CountsAsync(today, year);

        var caseworker = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await caseworker.WaitForURLAsync("**/Workbench");
        await caseworker.ClickAsync("header >> text=登记申请");
        await caseworker.FillAsync("input[name='Input.ApplicantName']", "审核测试人");
        await caseworker.FillAsync("input[name='Input.ApplicantIdDocument']", "居民身份证 11010519491231002X");
        await caseworker.FillAsync("input[name='Input.ApplicantPhone']", "13900139000");
        await caseworker.FillAsync("textarea[name='Input.Description']", "申请公开2025年县域内重点排污单位名录。");
        await caseworker.ClickAsync("form.wide button[type=submit]");
        await caseworker.WaitForURLAsync("**/Requests/Details/**");
        var details = caseworker.Url;
        var requestId = details.Split('/').Last().Split('?')[0];

        var file = Path.Combine(Path.GetTempPath(), $"名录-{Guid.NewGuid():N}.docx");
        await File.WriteAllBytesAsync(file, LetterDocx.Write("# 重点排污单位名录\n内部资料\n"));
        try
        {
            await caseworker.SelectOptionAsync("select[name=kind]", "reply-document");
            await caseworker.SetInputFilesAsync("input[type=file][name=file]", file);
            await caseworker.ClickAsync("form[enctype='multipart/form-data'] button[type=submit]");
        }
        finally
        {
            File.Delete(file);
        }
        await Assertions.Expect(caseworker.Locator("body")).ToContainTextAsync(".docx");

        await caseworker.ClickAsync("#draft-reply");
        await caseworker.SelectOptionAsync("#choose-letter select[name=outcome]", "200");
        await caseworker.ClickAsync("#choose-letter button[type=submit]");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_how]']", "随本答复书以电子邮件提供名录（已删除个人联系方式）");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_reasons]']", "名录中涉及个人隐私的联系方式不予公开。");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_reconsideration_body]']", "示范县人民政府");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_court]']", "示范县人民法院");
        await caseworker.ClickAsync("button[formaction*='handler=Preview'], button:has-text('更新预览')");
        await Assertions.Expect(caseworker.Locator(".marking-hit")).ToContainTextAsync("内部资料");
        await caseworker.ClickAsync("#issue");
        await Assertions.Expect(caseworker.Locator("p.notice")).ToContainTextAsync("已送审，待负责人签发");
        await ShotAsync(caseworker, "21-reply-submitted-for-review");
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = requestId }));

        var supervisor = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await Assertions.Expect(supervisor.Locator("#reviews-link .badge")).ToHaveTextAsync("1");
        await supervisor.ClickAsync("#reviews-link");
        await supervisor.WaitForURLAsync("**/Reviews");
        // A second tab with the same queue, to approve again after the first tab did.
        var secondTab = await supervisor.Context.NewPageAsync();
        await secondTab.GotoAsync("/Reviews");
        var review = supervisor.Locator("section.review").Filter(new() { HasText = "审核测试人" });
        await review.Locator("button.approve").ClickAsync();
        await Assertions.Expect(supervisor.Locator(".error-summary")).ToContainTextAsync("保密审查未确认");
        await Assertions.Expect(supervisor.Locator(".error-summary")).ToContainTextAsync("内部资料");
        review = supervisor.Locator("section.review").Filter(new() { HasText = "审核测试人" });
        foreach (var item in ReviewDesk.Checklist)
            await review.Locator($"input[value={item.Key}]").CheckAsync();
        await review.Locator("textarea[name^='Input.MarkingReleases']").FillAsync("标识为起草时误加，内容已主动公开。");
        await ShotAsync(supervisor, "22-review-checklist");
        await review.Locator("button.approve").ClickAsync();
        await Assertions.Expect(supervisor.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        var number = (await supervisor.Locator("p.notice").TextContentAsync())!.Split('：')[1].TrimEnd('。', ' ', '\n');

        var stale = secondTab.Locator("section.review").Filter(new() { HasText = "审核测试人" });
        foreach (var item in ReviewDesk.Checklist)
            await stale.Locator($"input[value={item.Key}]").CheckAsync();
        await stale.Locator("textarea[name^='Input.MarkingReleases']").FillAsync("同上。");
        await stale.Locator("button.approve").ClickAsync();
        await Assertions.Expect(secondTab.Locator("p.notice")).ToContainTextAsync(number);
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = requestId }));

        await caseworker.GotoAsync(details.Replace("/Requests/Details/", "/Requests/Letters/"));
        await Assertions.Expect(caseworker.Locator("table.letters")).ToContainTextAsync(number);
        await caseworker.ClickAsync("table.letters details summary");
        await caseworker.SelectOptionAsync("table.letters select[name=method]", "Email");
        await caseworker.FillAsync("table.letters input[name=evidence]", "电子邮件送达记录 M-2");
        await caseworker.ClickAsync("table.letters form button[type=submit]");
        await Assertions.Expect(caseworker.Locator("p.notice")).ToContainTextAsync("已登记送达");
        await caseworker.GotoAsync(details);
        await Assertions.Expect(caseworker.Locator("h1")).ToContainTextAsync("已答复");
        await ShotAsync(caseworker, "23-replied-by-service");

        var view = await App.Services.CreateScope().ServiceProvider.GetRequiredService<Requests.RequestReader>().FindAsync(Guid.Parse(requestId), "a1");
        Assert.Equal(Outcome.PartlyDisclosed, view!.State.Outcome);
        Assert.Equal(today, view.State.ClosedOn!.Value.ToString("uuuu-MM-dd", null));
        Assert.Equal(number, view.State.Reply!.LetterDocumentNumber);
        var (row200, replied, onTime) = await CountsAsync(today, year);
        Assert.Equal(row200Before + 1, row200);
        Assert.Equal(repliedBefore + 1, replied);
        Assert.Equal(onTimeBefore + 1, onTime);
    }

    private async Task<(int Row200, long Replied, long OnTime)> CountsAsync(string today, int year)
    {
        await using var connection = await App.Services.GetRequiredService<Database>().OpenAsync();
        var report = await ReportStore.ComputeAsync(connection, year, "a1");
        var day = LocalDatePattern.Iso.Parse(today).Value;
        var months = await Dashboard.TimelinessMonthsAsync(connection, "a1", day.ToYearMonth(), day.ToYearMonth());
        return (report.Applications[Outcome.PartlyDisclosed.Row()].NaturalPerson, months.Sum(c => c.Replied), months.Sum(c => c.OnTime));
    }
}
