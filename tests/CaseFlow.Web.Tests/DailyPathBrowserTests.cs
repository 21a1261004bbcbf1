using System.Net.Http.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>One app and one Chromium shared by the tests of a class (browser tests are heavy on a small machine); each
/// test opens its own contexts.</summary>
public sealed class SharedBrowser : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public WebApp App { get; } = new WebApp().OnKestrel();

    public IBrowser Browser { get; private set; } = null!;

    public string BaseAddress => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserTest.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Issue 16 item 7: each role's daily path, end to end on a phone (390 × 844), in Chinese. Every step asserts what
/// the person sees and that the page does not scroll sideways; screenshots of each step go to
/// <c>$CASEFLOW_ARTIFACTS/screenshots/daily-{role}-NN-*.png</c>.</summary>
public sealed class DailyPathBrowserTests(SharedBrowser shared) : IClassFixture<SharedBrowser>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private WebApp App => shared.App;

    private async Task<IPage> OnAPhoneAsync()
    {
        var context = await shared.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN", BaseURL = shared.BaseAddress, ViewportSize = Phone, AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignInAsync(string role)
    {
        var page = await OnAPhoneAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name=UserName]", WebApp.UserOfRole[role]);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    private HttpClient Api()
    {
        var api = new HttpClient { BaseAddress = new Uri(shared.BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        return api;
    }

    /// <summary>The step fits the phone (no sideways scroll) and is kept as a screenshot.</summary>
    private static async Task StepAsync(IPage page, string name)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        Assert.True(scroll <= client, $"{name}: {page.Url} is {scroll} px wide on a {client} px phone");
        // No table squeezed to a character or two a line (the walk's workbench on a phone: 申/请/人, 办理/中): a cell whose
        // text runs over several lines holds on average at least 2.5 characters a line.
        var squeezed = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll('main td, main th')).filter(c => {
                const text = c.textContent.replace(/\s+/g, '');
                if (c.offsetParent === null || text.length < 2) return false;
                const range = document.createRange();
                range.selectNodeContents(c);
                const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
                return lines > 1 && text.length / lines < 2.5;
            }).map(c => c.textContent.trim())
            """);
        Assert.True(squeezed.Length == 0, $"{name}: {page.Url} squeezes table cells to a character a line: {string.Join(" | ", squeezed)}");
        await BrowserTest.ShotAsync(page, $"daily-{name}");
    }

    /// <summary>Every label of a form field sits above its control, never after it on one line (the walk found the reply
    /// letter's labels after their text areas): the labels whose text ends below the top of their control.</summary>
    private static Task<string[]> LabelsBesideTheirFieldsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => Array.from(document.querySelectorAll('main label.field')).flatMap(label => {
            const control = label.querySelector('textarea, select, input:not([type=checkbox]):not([type=radio])');
            const text = Array.from(label.childNodes).find(n => n.nodeType === 3 && n.textContent.trim() !== '');
            if (!control || !text || control.offsetParent === null) return [];
            const range = document.createRange();
            range.selectNodeContents(text);
            return range.getBoundingClientRect().bottom <= control.getBoundingClientRect().top + 1 ? [] : [text.textContent.trim()];
        })
        """);

    /// <summary>On the phone the header is a 菜单: open it and follow one of its links.</summary>
    private static async Task MenuAsync(IPage page, string link)
    {
        await page.ClickAsync("header.top details.menu > summary");
        var item = page.Locator("header.top .menu-items").GetByRole(AriaRole.Link, new() { Name = link }).First;
        await Assertions.Expect(item).ToBeVisibleAsync();
        await item.ClickAsync();
    }

    [Fact]
    public async Task A_caseworker_registers_sends_the_correction_notice_letter_records_the_correction_replies_and_serves_on_a_phone()
    {
        await App.ReviewRepliesAsync(ReviewMode.None);
        var page = await SignInAsync(Roles.Caseworker);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("工作台");
        await StepAsync(page, "caseworker-01-workbench");

        await MenuAsync(page, "登记申请");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("登记");
        await page.FillAsync("input[name='Input.ApplicantName']", "手机登记人");
        await page.FillAsync("input[name='Input.ApplicantIdDocument']", "居民身份证 110105194912310021");
        await page.FillAsync("input[name='Input.ApplicantPhone']", "13900139001");
        await page.FillAsync("textarea[name='Input.Description']", "申请公开本街道2025年背街小巷整治工程的施工合同。");
        await StepAsync(page, "caseworker-02-register");
        await page.ClickAsync("form.wide button[type=submit]");
        await page.WaitForURLAsync("**/Requests/Details/**");
        var details = page.Url;
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("办理中");
        await Assertions.Expect(page.Locator("#next-step")).ToBeVisibleAsync();
        await StepAsync(page, "caseworker-03-registered");

        // The correction notice is its letter (issue 12): drafted on the letters page, issued, then served.
        await page.ClickAsync("#draft-correction-notice");
        await page.FillAsync("textarea[name='Form.Inputs[input_correction_items]']", "请写明施工合同所属的工程名称");
        await page.FillAsync("textarea[name='Form.Inputs[input_correction_period_ends_on]']", Seed.Today(15));
        await StepAsync(page, "caseworker-04-correction-letter");
        await page.ClickAsync("#issue");
        await page.WaitForURLAsync("**issued=**");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        var notice = page.Locator($"#letter-{page.Url.Split("issued=")[1]}");
        await Assertions.Expect(notice).ToContainTextAsync("补正");
        await notice.Locator("details summary").ClickAsync();
        await notice.Locator("input[name=evidence]").FillAsync("当面送达，申请人签收");
        await notice.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已登记送达");
        await StepAsync(page, "caseworker-05-correction-served");
        await page.GotoAsync(details);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("待补正");

        // The applicant's answer: the corrected application.
        await page.ClickAsync("#action-corrected-application summary");
        await page.FillAsync("#action-corrected-application textarea[name='Input.CorrectedDescription']", "申请公开“东城街道背街小巷整治一期工程”的施工合同。");
        await page.ClickAsync("#action-corrected-application button[type=submit]");
        await page.WaitForURLAsync("**done=corrected-application");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("办理中");
        await StepAsync(page, "caseworker-06-corrected");

        // The reply is the reply letter: issued, then served; its service closes the request.
        await page.ClickAsync("#draft-reply");
        await page.SelectOptionAsync("#choose-letter select[name=outcome]", "102");
        await page.ClickAsync("#choose-letter button[type=submit]");
        await page.FillAsync("textarea[name='Form.Inputs[input_how]']", "随本答复书提供施工合同复制件。");
        Assert.Empty(await LabelsBesideTheirFieldsAsync(page));
        await page.SetViewportSizeAsync(1366, 900);
        Assert.Empty(await LabelsBesideTheirFieldsAsync(page));
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await StepAsync(page, "caseworker-07-reply-letter");
        await page.ClickAsync("#issue");
        await page.WaitForURLAsync("**issued=**");
        var reply = page.Locator($"#letter-{page.Url.Split("issued=")[1]}");
        await Assertions.Expect(reply).ToContainTextAsync("答复书");
        await reply.Locator("details summary").ClickAsync();
        await reply.Locator("input[name=evidence]").FillAsync("邮寄送达回执 EMS-1");
        await reply.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已登记送达");
        await page.GotoAsync(details);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("已答复");
        await StepAsync(page, "caseworker-08-replied");
    }

    [Fact]
    public async Task A_legal_adviser_gives_an_opinion_in_a_joint_consultation_on_a_phone()
    {
        await using (var connection = await App.Services.GetRequiredService<Persistence.Database>().OpenAsync())
            if (await Users.FindByNameAsync(connection, "adv-joint") is null)
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = "adv-joint", DisplayName = "孙律师", AgencyCode = "a1", Role = Roles.LegalAdviser,
                    PasswordHash = Security.SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                });
        using var api = Api();
        var id = (await api.RegisterAsync(Seed.Registration("钱会商", "申请公开2025年本区垃圾分类收运服务采购合同。"))).GetProperty("id").GetString();
        var started = await api.PostAsJsonAsync($"/api/requests/{id}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["advisers"] = new[] { WebApp.UserOfRole[Roles.LegalAdviser], "adv-joint" },
            ["question"] = "采购合同中的单价是否属于商业秘密？", ["date"] = Seed.Today(), ["dueOn"] = Seed.Today(5),
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        var page = await SignInAsync(Roles.LegalAdviser);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("会商待办");
        await page.ClickAsync("header.top details.menu > summary");
        await Assertions.Expect(page.Locator(".notifications-link .badge")).ToBeVisibleAsync();
        await page.ClickAsync("header.top details.menu > summary");
        var row = page.Locator("table.consultations tr", new() { HasText = "单价是否属于商业秘密" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await StepAsync(page, "adviser-01-inbox");

        await row.Locator("a").First.ClickAsync();
        await Assertions.Expect(page.Locator("dd.question")).ToContainTextAsync("单价是否属于商业秘密");
        await StepAsync(page, "adviser-02-consultation");
        await page.ClickAsync("button:has-text('提交意见')");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("请选择「意见」");
        await StepAsync(page, "adviser-03-error");
        await page.CheckAsync("input[name='Input.Position'][value='Disagree']");
        await page.FillAsync("textarea[name='Input.Reasoning']", "单价属于供应商的商业秘密，公开会损害其合法权益，应当不予公开。");
        await page.FillAsync("input[name='Input.CitedArticles']", "第十五条");
        await page.ClickAsync("button:has-text('提交意见')");
        await Assertions.Expect(page.Locator("p.my-opinion")).ToContainTextAsync("不同意：单价属于供应商的商业秘密");
        await StepAsync(page, "adviser-04-opinion-given");

        var caseworker = await SignInAsync(Roles.Caseworker);
        await caseworker.GotoAsync($"/Requests/Details/{id}");
        await Assertions.Expect(caseworker.Locator("section.consultations tr.opinion")).ToContainTextAsync("单价属于供应商的商业秘密");
        await Assertions.Expect(caseworker.Locator("section.consultations")).ToContainTextAsync("孙律师");
        await Assertions.Expect(caseworker.Locator("section.consultations tr.awaited")).ToHaveCountAsync(1);
        await StepAsync(caseworker, "adviser-05-seen-by-caseworker");
    }

    [Fact]
    public async Task A_supervisor_signs_a_reply_approves_an_extension_follows_up_the_overdue_and_checks_the_report_on_a_phone()
    {
        using var api = Api();
        await App.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            var toSign = (await api.RegisterAsync(Seed.Registration("周签发", "申请公开2025年本区河道保洁经费的使用情况。"))).GetProperty("id").GetString();
            var submitted = await api.PostAsJsonAsync($"/api/requests/{toSign}/letters", new
            {
                type = "reply", outcome = 401,
                inputs = new { input_reasons = "经检索，本机关未制作或者获取该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
            });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        }
        finally
        {
            await App.ReviewRepliesAsync(ReviewMode.None);
        }
        var extended = await api.RegisterAsync(Seed.Registration("郑延期", "申请公开本县各乡镇2025年财政预决算明细。"));
        var extendedNumber = extended.GetProperty("trackingNumber").GetString()!;
        (await api.PostAsJsonAsync($"/api/requests/{extended.GetProperty("id").GetString()}/extension-request", new { days = 15, reason = "需向各乡镇检索汇总" })).EnsureSuccessStatusCode();
        var late = Seed.Registration("冯逾期", "申请公开2025年本区公办幼儿园收费标准。");
        late["receivedOn"] = Seed.Today(-60);
        late["handler"] = WebApp.UserOfRole[Roles.Caseworker];
        var lateNumber = (await api.RegisterAsync(late)).GetProperty("trackingNumber").GetString()!;

        var page = await SignInAsync(Roles.Supervisor);
        await page.ClickAsync("header.top details.menu > summary");
        await Assertions.Expect(page.Locator("#reviews-link .badge")).ToHaveTextAsync("1");
        await page.ClickAsync("#reviews-link");
        await page.WaitForURLAsync("**/Reviews");
        var review = page.Locator("section.review").Filter(new() { HasText = "河道保洁" });
        await Assertions.Expect(review.Locator(".letter-preview")).ToContainTextAsync("未制作或者获取该信息");
        await StepAsync(page, "supervisor-01-review");
        foreach (var box in await review.Locator("fieldset.checklist input[type=checkbox]").AllAsync())
            await box.CheckAsync();
        await review.Locator("button.approve").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已签发：〔");
        await Assertions.Expect(page.Locator("section.review").Filter(new() { HasText = "河道保洁" })).ToHaveCountAsync(0);
        await StepAsync(page, "supervisor-02-signed");

        await page.GotoAsync("/Supervision/Extensions");
        var card = page.Locator($"#extension-{extendedNumber}");
        await Assertions.Expect(card.Locator(".reason")).ToHaveTextAsync("需向各乡镇检索汇总");
        await card.Locator("input[name=Days]").FillAsync("10");
        await StepAsync(page, "supervisor-03-extension");
        await card.Locator("button[value=approve]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已批准延期");
        await Assertions.Expect(page.Locator($"#extension-{extendedNumber}")).ToHaveCountAsync(0);
        await StepAsync(page, "supervisor-04-extension-approved");

        await page.GotoAsync("/Supervision/FollowUp?list=overdue");
        var overdue = page.Locator("#follow-up tr.overdue", new() { HasText = lateNumber });
        await Assertions.Expect(overdue).ToBeVisibleAsync();
        await overdue.Locator("input[name=Selected]").CheckAsync();
        await page.FillAsync("textarea[name=Message]", "已逾期，请于今日答复并报告原因。");
        await StepAsync(page, "supervisor-05-overdue");
        await page.ClickAsync("button:has-text('发送督办提醒')");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("已向承办人发送督办提醒 1 件");
        await StepAsync(page, "supervisor-06-reminded");

        await page.GotoAsync("/Supervision/Report");
        await page.FillAsync("input[name=year]", Seed.Today()[..4]);
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator("#check")).ToContainTextAsync("符合全部算术规则");
        await Assertions.Expect(page.Locator("#table-3")).ToBeVisibleAsync();
        await StepAsync(page, "supervisor-07-report");

        var caseworker = await SignInAsync(Roles.Caseworker);
        await caseworker.GotoAsync("/Reminders");
        await Assertions.Expect(caseworker.Locator("main")).ToContainTextAsync("已逾期，请于今日答复并报告原因。");
        await StepAsync(caseworker, "supervisor-08-reminder-received");
    }

    [Fact]
    public async Task An_applicant_applies_follows_the_request_and_answers_the_correction_on_a_phone()
    {
        var page = await OnAPhoneAsync();
        await page.GotoAsync("/Apply");
        await page.FillAsync("#agency-filter", "a1");
        await Assertions.Expect(page.Locator("#agency")).ToHaveValueAsync("a1");
        await page.FillAsync("input[name='Input.Name']", "陈手机");
        await page.FillAsync("input[name='Input.IdNumber']", ApplicantApiTests.IdentityNumber);
        await page.FillAsync("input[name='Input.Phone']", "13612345670");
        await page.FillAsync("textarea[name='Input.Description']", "申请公开2025年本区公共自行车站点布局规划。");
        await page.SetInputFilesAsync("input[name='IdentityProof']", new FilePayload { Name = "身份证.pdf", MimeType = "application/pdf", Buffer = ApplicantApiTests.Pdf });
        await StepAsync(page, "applicant-01-apply");
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator("#receipt")).ToBeVisibleAsync();
        var number = (await page.Locator("#tracking-number").InnerTextAsync()).Trim();
        var code = (await page.Locator("#access-code").InnerTextAsync()).Trim();
        await StepAsync(page, "applicant-02-receipt");

        await page.GotoAsync("/My");
        await page.FillAsync("input[name=TrackingNumber]", number);
        await page.FillAsync("input[name=AccessCode]", code);
        await page.ClickAsync("#open-form button[type=submit]");
        await Assertions.Expect(page.Locator("#received-on")).ToContainTextAsync("待机关确认");
        await StepAsync(page, "applicant-03-following");

        var id = await App.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number });
        using var api = Api();
        (await api.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/requests/{id}/correction-notice", new { items = "请写明所指的街道\n请说明规划的年份", correctionPeriodEndsOn = Seed.Today(15) })).EnsureSuccessStatusCode();

        await page.GotoAsync("/My");
        await Assertions.Expect(page.Locator("#received-on")).Not.ToContainTextAsync("待机关确认");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("请写明所指的街道");
        await Assertions.Expect(page.Locator("#due")).ToContainTextAsync("补正期间不计算答复期限");
        await StepAsync(page, "applicant-04-correction-asked");
        await page.FillAsync("textarea[name=CorrectedDescription]", "申请公开东城街道2025年公共自行车站点布局规划。");
        await page.ClickAsync("#correction button[type=submit]");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("补正已提交");
        await StepAsync(page, "applicant-05-corrected");
        Assert.Equal("InProgress", await App.ScalarAsync<string>("SELECT state FROM requests WHERE id = @Id", new { Id = id }));
    }
}
