using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18, done when: at 390 px (a phone) and 1366 px (a laptop) an applicant applies online with an identity
/// proof; the caseworker confirms receipt and sends a correction notice; the applicant sees the items and corrects online;
/// the reply letter is served online; the applicant downloads it and rates 不满意; the supervisor sees the rectification
/// item and closes it on time; the dashboard's rates move.</summary>
public sealed class ApplicantBrowserTests : BrowserTest
{
    [Fact]
    public async Task The_application_form_shows_only_the_chosen_kind_of_applicants_fields()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress, ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Apply");
        var citizen = page.Locator("fieldset.person[data-kind='NaturalPerson']");
        var organisation = page.Locator("fieldset.person[data-kind='Organisation']");
        await Assertions.Expect(citizen).ToBeVisibleAsync();
        await Assertions.Expect(organisation).ToBeHiddenAsync();
        await page.CheckAsync("input[name='Input.ApplicantType'][value='Organisation']");
        await Assertions.Expect(organisation).ToBeVisibleAsync();
        await Assertions.Expect(citizen).ToBeHiddenAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task From_online_application_to_a_rectified_bad_rating(int width, int height)
    {
        var viewport = new ViewportSize { Width = width, Height = height };
        var applicantContext = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress, ViewportSize = viewport });
        var applicant = await applicantContext.NewPageAsync();

        await applicant.GotoAsync("/Apply");
        await applicant.FillAsync("#agency-filter", "a1");
        await Assertions.Expect(applicant.Locator("#agency")).ToHaveValueAsync("a1");
        await applicant.FillAsync("input[name='Input.Name']", "吴浏览");
        await applicant.FillAsync("input[name='Input.IdNumber']", ApplicantApiTests.IdentityNumber);
        await applicant.FillAsync("input[name='Input.Phone']", "13612345678");
        await applicant.FillAsync("textarea[name='Input.Description']", $"申请公开2025年本区体育公园建设项目的环评批复（{width}）。");
        await applicant.SetInputFilesAsync("input[name='IdentityProof']", new FilePayload { Name = "身份证.pdf", MimeType = "application/pdf", Buffer = ApplicantApiTests.Pdf });
        await ShotAsync(applicant, $"applicant-{width}-01-form");
        await applicant.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(applicant.Locator("#receipt")).ToBeVisibleAsync();
        var number = (await applicant.Locator("#tracking-number").InnerTextAsync()).Trim();
        var code = (await applicant.Locator("#access-code").InnerTextAsync()).Trim();
        await ShotAsync(applicant, $"applicant-{width}-02-receipt");
        var id = await App.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number });

        var caseworker = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        await caseworker.GotoAsync($"/Requests/Details/{id}");
        await caseworker.ClickAsync("#action-confirm-receipt summary");
        await caseworker.ClickAsync("#action-confirm-receipt button[type=submit]");
        await Assertions.Expect(caseworker.Locator("h1")).ToContainTextAsync("办理中");
        // Issue 12: the correction notice is its letter, issued from the letters page.
        await caseworker.ClickAsync("#draft-correction-notice");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_correction_items]']", "请写明环评批复的文号\n请说明项目所在街道");
        await caseworker.FillAsync("textarea[name='Form.Inputs[input_correction_period_ends_on]']", Seed.Today(15));
        await caseworker.ClickAsync("#issue");
        await Assertions.Expect(caseworker.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await caseworker.GotoAsync($"/Requests/Details/{id}");
        await Assertions.Expect(caseworker.Locator("h1")).ToContainTextAsync("待补正");

        await applicant.GotoAsync("/My");
        await applicant.FillAsync("input[name=TrackingNumber]", number);
        await applicant.FillAsync("input[name=AccessCode]", code);
        await applicant.ClickAsync("#open-form button[type=submit]");
        await Assertions.Expect(applicant.Locator("#received-on")).Not.ToContainTextAsync("待机关确认");
        await Assertions.Expect(applicant.Locator("#timeline")).ToContainTextAsync("请说明项目所在街道");
        await Assertions.Expect(applicant.Locator("#due")).ToContainTextAsync("补正期间不计算答复期限");
        await ShotAsync(applicant, $"applicant-{width}-03-correction-asked");
        await applicant.FillAsync("textarea[name=CorrectedDescription]", "环评批复文号：示环审〔2025〕12号；项目位于东城街道。");
        await applicant.ClickAsync("#correction button[type=submit]");
        await Assertions.Expect(applicant.Locator("#message")).ToContainTextAsync("补正已提交");

        // The reply letter is issued through the letters API and served online from the caseworker's online page.
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var issued = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });
        var letterId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await caseworker.GotoAsync("/Requests/Online");
        await caseworker.ClickAsync($"button[data-letter='{letterId}']");
        await Assertions.Expect(caseworker.Locator("p.notice")).ToContainTextAsync("已置于申请人空间");
        // Serving the reply letter is the reply (issue 12): served online, the request is closed.
        await caseworker.GotoAsync($"/Requests/Details/{id}");
        await Assertions.Expect(caseworker.Locator("h1")).ToContainTextAsync("已答复");

        await applicant.GotoAsync("/My");
        await Assertions.Expect(applicant.Locator("#letters")).ToContainTextAsync("答复");
        var download = await applicant.RunAndWaitForDownloadAsync(() => applicant.ClickAsync("#letters a"));
        Assert.EndsWith(".docx", download.SuggestedFilename);
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM applicant_deliveries WHERE letter_id = @L AND first_downloaded_at IS NOT NULL", new { L = letterId }));
        await applicant.CheckAsync("input[name=Level][value='不满意']");
        await applicant.FillAsync("textarea[name=Comment]", "等待时间较长。");
        await applicant.ClickAsync("#rating button[type=submit]");
        await Assertions.Expect(applicant.Locator("#rated")).ToContainTextAsync("不满意");
        await ShotAsync(applicant, $"applicant-{width}-04-rated");

        var supervisor = await SignInAsync(WebApp.UserOfRole[Roles.Supervisor]);
        await supervisor.GotoAsync("/Supervision");
        await Assertions.Expect(supervisor.Locator("#satisfaction .good-rate").First).ToHaveTextAsync("0%");
        await Assertions.Expect(supervisor.Locator("#satisfaction .open-items").First).ToHaveTextAsync("1");
        await supervisor.GotoAsync("/Supervision/Rectifications");
        var row = supervisor.Locator("#rectifications tr", new() { HasText = number });
        await row.Locator("summary").ClickAsync();
        await row.Locator("textarea[name=Verification]").FillAsync("已回访申请人，核实等待时间较长。");
        await row.Locator("textarea[name=Reply]").FillAsync("已向您说明办理进度查询方式。");
        await row.Locator("textarea[name=Changes]").FillAsync("网上申请确认收到后当日通知申请人。");
        await row.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(supervisor.Locator("#rectifications tr", new() { HasText = number })).ToContainTextAsync("按期办结");
        await supervisor.GotoAsync("/Supervision");
        await Assertions.Expect(supervisor.Locator("#satisfaction .open-items").First).ToHaveTextAsync("0");
        await Assertions.Expect(supervisor.Locator("#satisfaction .on-time-rate").First).ToHaveTextAsync("100%");
        await ShotAsync(supervisor, $"supervisor-{width}-dashboard");
    }
}
