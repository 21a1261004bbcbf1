using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 1, done when "browser tests cover every form's error path keeping its input": in Chromium, each
/// form is sent with one bad field; the field's Chinese message must be right next to it, the field must point to it
/// (<c>aria-describedby</c>, <c>aria-invalid</c>), and everything typed (files included) must still be there. One app and
/// one browser for all the forms, so the table stays fast; every form is tried and all failures are reported together.</summary>
public sealed class FormErrorBrowserTests : FormErrorBrowserTest
{
    [Fact]
    public async Task Every_form_sent_with_a_bad_field_names_it_next_to_the_field_and_keeps_what_was_typed()
    {
        var failures = new List<string>();
        var pages = new Dictionary<string, IPage>();
        var (forms, actionPages) = await FormsAsync();
        foreach (var form in forms)
            await TryAsync(form, failures, pages);

        // The request page's action forms, found from RequestActions on the page rather than listed here: each form that
        // has a field the server requires (marked) is sent with that field empty and every other text field typed, so
        // an action declared later is covered as soon as a prepared request offers it.
        var caseworker = pages[WebApp.UserOfRole[Roles.Caseworker]];
        var seen = new HashSet<string>();
        foreach (var requestId in actionPages)
        {
            await caseworker.GotoAsync($"/Requests/Details/{requestId}");
            var offered = await caseworker.Locator("details[id^='action-']").EvaluateAllAsync<string[]>("ds => ds.map(d => d.id.substring(7))");
            foreach (var name in offered.Where(seen.Add))
            {
                if (await ActionCaseAsync(caseworker, requestId, name) is { } form)
                    await TryAsync(form, failures, pages);
                else if (!OnlyDatesAndChoices.Contains(name))
                    failures.Add($"申请页：{name}: no text field is marked required (cf-required), so its error path is not tried");
            }
        }
        var untried = RequestActions.All.Select(a => a.Name).Where(n => !seen.Contains(n) && !NotOnThePreparedRequests.Contains(n)).ToList();
        Assert.True(untried.Count == 0, $"actions no prepared request offered: {string.Join(", ", untried)} (prepare one, or name why not)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Actions whose only fields are dates (today by default) and choices, so nothing typed can be refused.</summary>
    private static readonly HashSet<string> OnlyDatesAndChoices =
        ["confirm-receipt", "corrected-application", "consultation-service", "consultation-reminder", "extension-decision", "payment", "withdrawal"];

    /// <summary>Actions no prepared request here offers: the six the page does through their letters (the letters page form is
    /// a case of its own; the Art. 35 acts are letters only since issue 17's follow-up), and those that need a long history first (a refusing third party and a corrected challenge: their
    /// forms are tried in <see cref="FormErrorWithHistoryBrowserTests"/>).</summary>
    private static readonly HashSet<string> NotOnThePreparedRequests =
        ["correction-notice", "override-letter", "fee-notice", "reply", "reasons-request", "reasonable-period", "public-interest-override", "reopen", "corrected-application", "consultation-service",
         "payment", "extension-decision", "confirm-receipt"];

    /// <summary>The forms and what each needs to exist first (a letter to serve, a consultation, an extension to decide), and
    /// the requests whose page's action forms are tried.</summary>
    private async Task<(IReadOnlyList<FormCase> Forms, IReadOnlyList<string> ActionPages)> FormsAsync()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var (cw, sup, adv, adm) = (WebApp.UserOfRole[Roles.Caseworker], WebApp.UserOfRole[Roles.Supervisor], WebApp.UserOfRole[Roles.LegalAdviser],
            WebApp.UserOfRole[Roles.Administrator]);

        var served = await RegisterAsync(api, "送达表单人");
        var reply = await api.PostAsJsonAsync($"/api/requests/{served}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });
        var letterId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var consulted = await RegisterAsync(api, "会商表单人");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{consulted}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["participants"] = adv, ["question"] = "该合同是否属于可以公开的政府信息？", ["date"] = Seed.Today(), ["dueOn"] = Seed.Today(7),
        })).StatusCode);
        var consultationId = await App.ScalarAsync<string>("SELECT id FROM consultations WHERE request_id = @Id", new { Id = consulted });

        var extended = await RegisterAsync(api, "延期表单人");
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await api.PostAsJsonAsync($"/api/requests/{extended}/extension-request", new { days = 10, reason = "检索量大", date = Seed.Today() })).StatusCode);
        var details = await RegisterAsync(api, "申请页表单人");
        var adviserId = await App.ScalarAsync<string>("SELECT id FROM users WHERE user_name = @N", new { N = adv });

        var askedForReasons = await RegisterAsync(api, "说明理由表单人");
        Assert.Equal(System.Net.HttpStatusCode.OK,
            (await api.PostAsJsonAsync($"/api/requests/{askedForReasons}/reasons-request", new { dueOn = Seed.Today(15), reason = "一年内提出申请一百二十件", date = Seed.Today() })).StatusCode);

        var overdueRegistration = Seed.Registration(name: "督办表单人");
        overdueRegistration["receivedOn"] = Seed.Today(-60);
        var overdue = (await api.RegisterAsync(overdueRegistration)).GetProperty("id").GetString()!;

        var corrected = await api.PostAsJsonAsync("/api/record-corrections", new Dictionary<string, object?>
        {
            ["applicantName"] = "更正表单人", ["applicantIdDocument"] = "居民身份证 110105194912310021", ["applicantContact"] = "13800138000",
            ["record"] = "2025年低保公示名单中本人家庭人口数记为5人", ["evidence"] = "户口簿复印件：家庭人口3人", ["receivedOn"] = Seed.Today(),
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, corrected.StatusCode);
        var correctionId = (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // An online application in correction, for the applicant's own forms.
        using var anonymous = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        var application = await anonymous.PostAsJsonAsync("/api/public/applications", ApplicantApiTests.Citizen("补正表单人"));
        Assert.Equal(System.Net.HttpStatusCode.Created, application.StatusCode);
        var receipt = await application.Content.ReadFromJsonAsync<JsonElement>();
        var (number, code) = (receipt.GetProperty("trackingNumber").GetString()!, receipt.GetProperty("accessCode").GetString()!);
        var applied = await App.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{applied}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{applied}/correction-notice",
            new { items = "请写明环评批复的文号", correctionPeriodEndsOn = Seed.Today(15), date = Seed.Today() })).StatusCode);
        var applicant = $"applicant:{number}:{code}";
        var challengesFile = System.Text.Encoding.UTF8.GetBytes("申请编号,类型,提起日期,结果\n2026-000001,行政复议,2026-01-05,尚未审结\n");

        return ([
            new("申请页：延长答复期限", cw, $"/Requests/Details/{details}", "#action-extension-request summary",
                [new("#action-extension-request input[name='Input.Days']", "25"), new("#action-extension-request textarea[name='Input.Reason']", "所需信息跨越七个年度")],
                "#action-extension-request button[type=submit]", "#action-extension-request input[name='Input.Days']", "延长的期限须为1至20个工作日"),
            new("登记申请（含附件）", cw, "/Requests/Register", null,
                [new("input[name='Input.ApplicantName']", "附件浏览人"), new("input[name='Input.ApplicantPhone']", "13800138000"),
                 new("input[name='Input.Purpose']", "科研"), new("select[name='Input.Channel']", "RegisteredPost", Kind.Select),
                 new("input[name='IdentityProof']", "身份证明.pdf", Kind.File)],
                "form.form button[type=submit]", "textarea[name='Input.Description']", "请填写"),
            new("文书：登记送达", cw, $"/Requests/Letters/{served}", $"#letter-{letterId} details summary",
                [new($"#letter-{letterId} select[name=method]", "Post", Kind.Select), new($"#letter-{letterId} input[name=servedOn]", Seed.Today(3)),
                 new($"#letter-{letterId} input[name=evidence]", "挂号信 XA123456789CN")],
                $"#letter-{letterId} form button[type=submit]", $"#letter-{letterId} input[name=servedOn]", "送达日期不能早于成文日期，也不能晚于今天"),
            new("文书：起草答复书", cw, $"/Requests/Letters/{details}?type=reply&outcome=401", null,
                [new("textarea[name='Form.Inputs[input_reconsideration_body]']", "示范县人民政府"), new("textarea[name='Form.Inputs[input_court]']", "示范县人民法院")],
                "#issue", "textarea[name='Form.Inputs[input_reasons]']", "请填写"),
            new("会商：提出意见", adv, $"/Consultations/{consultationId}", null,
                [new("input[name='Input.Position'][value='Conditional']", "", Kind.Check), new("input[name='Input.CitedArticles']", "第十五条")],
                "button:has-text('提交意见')", "textarea[name='Input.Reasoning']", "请填写「理由」"),
            new("督办：审批延期", sup, "/Supervision/Extensions", null,
                [new($"form[action*='{extended}'] input[name=Days]", "25")],
                $"form[action*='{extended}'] button[value=approve]", $"form[action*='{extended}'] input[name=Days]", "「批准延长的工作日」须为1至10"),
            new("年度报告：登记行政复议、行政诉讼", sup, "/Supervision/Report", null,
                [new("#challenge-form input[name='Filing.TrackingNumber']", "2019-999999"), new("#challenge-form select[name='Filing.Kind']", "litigation", Kind.Select),
                 new("#challenge-form input[name='Filing.FiledOn']", Seed.Today(-3))],
                "#challenge-form button[type=submit]", "#challenge-form input[name='Filing.TrackingNumber']", "「受理编号」不是本机关的申请"),
            new("接口密钥：新建", sup, "/Supervision/ApiKeys", null,
                [new("input[name=Name]", "   ", Kind.Secret)],
                "form[action*='handler=Create'] button[type=submit]", "input[name=Name]", "请填写「名称」"),
            new("用户：新增", adm, "/Admin/Users", null,
                [new("form[action*='handler=Create'] input[name=UserName]", "新 用户"), new("form[action*='handler=Create'] input[name=DisplayName]", "王五"),
                 new("form[action*='handler=Create'] input[name=Department]", "办公室"), new("form[action*='handler=Create'] input[name=Email]", "wang.wu@county.gov.cn"),
                 new("form[action*='handler=Create'] select[name=Role]", Roles.Supervisor, Kind.Select)],
                "form[action*='handler=Create'] button[type=submit]", "form[action*='handler=Create'] input[name=UserName]", "「用户名」须为1–100位字母"),
            new("用户：修改", adm, "/Admin/Users", $"details:has(form[action*='{adviserId}']) summary",
                [new($"form[action*='{adviserId}'] input[name=DisplayName]", ""), new($"form[action*='{adviserId}'] input[name=Department]", "法制科"),
                 new($"form[action*='{adviserId}'] input[name=Email]", "adviser@county.gov.cn")],
                $"form[action*='handler=Update'][action*='{adviserId}'] button[type=submit]", $"form[action*='{adviserId}'] input[name=DisplayName]", "请填写「姓名」"),
            new("机关：新增或修改", adm, "/Admin/Agencies", null,
                [new("input[name=Code]", "bad code!"), new("input[name=Name]", "某某局"), new("input[name=WarningLeadWorkingDays]", "3")],
                "form.form button[type=submit]", "input[name=Code]", "「机关代码」须为1–64位字母、数字或连字符"),
            new("文号前缀", adm, "/Admin/LetterNumbers", null,
                [new("select[name=AgencyCode]", "a1", Kind.Select), new("input[name=Prefix]", "有 空格")],
                "form.form button[type=submit]", "input[name=Prefix]", "「文号前缀」不超过30字"),
            new("修改密码", cw, "/Account/Password", null,
                [new("input[name=Current]", "not-my-password", Kind.Secret), new("input[name=New]", "Another-pass-42", Kind.Secret),
                 new("input[name=Confirm]", "Another-pass-42", Kind.Secret)],
                "form.form:not([action*='handler=Email']) button[type=submit]", "input[name=Current]", "「当前密码」不正确"),
            new("通知邮箱", cw, "/Account/Password", null,
                [new("input[name=Email]", "not-an-address")],
                "form[action*='handler=Email'] button[type=submit]", "input[name=Email]", "「电子邮箱」格式不正确"),
            new("网上申请（含附件）", null, "/Apply", null,
                [new("#agency", "a1", Kind.Select), new("input[name='Input.Name']", "浏览器申请人"), new("input[name='Input.IdNumber']", ApplicantApiTests.IdentityNumber),
                 new("input[name='Input.Phone']", "12"), new("textarea[name='Input.Description']", "申请公开2025年本区体育公园建设项目的环评批复。"),
                 new("input[name='IdentityProof']", "身份证.pdf", Kind.File)],
                "button[type=submit].primary", "input[name='Input.Phone']", "「联系电话」格式不正确"),
            new("答复期限预览", null, "/Preview", null,
                [new("input[name=received]", "2019-01-02"), new("input[name=extensionDays]", "5")],
                "form.form button[type=submit]", "input[name=received]", "早于条例施行日"),
            new("申请进度查询", null, "/Status", null,
                [new("input[name=TrackingNumber]", "2026-000001"), new("input[name=PhoneLastFour]", "123")],
                "form.form button[type=submit]", "input[name=PhoneLastFour]", "「手机号后四位」须为4位数字"),
            new("登录", null, "/Account/Login", null,
                [new("input[name=UserName]", "zhang.san"), new("input[name=Password]", "Not-the-password-1", Kind.Secret)],
                "form.form button[type=submit]", "input[name=Password]", "用户名或密码不正确"),
            new("工作台：搜索", cw, "/Workbench", null,
                [new("input[name=Search]", new string('查', CaseFlow.Workflows.Infrastructure.CommandValidation.MaxNameLength + 1))],
                "form.filters button[type=submit]", "input[name=Search]", "搜索内容不能超过"),
            new("更正申请：登记", cw, "/RecordCorrections", null,
                [new("input[name='Input.ApplicantName']", "更正登记人"), new("input[name='Input.ApplicantIdDocument']", "居民身份证 110105194912310021"),
                 new("input[name='Input.ApplicantContact']", "13800138000"), new("textarea[name='Input.Record']", "2025年低保公示名单中本人家庭人口数记为5人"),
                 new("textarea[name='Input.Evidence']", "户口簿复印件"), new("input[name='Input.ReceivedOn']", "2026-02-30")],
                "#register-correction button[type=submit]", "input[name='Input.ReceivedOn']", "收到日期格式应为"),
            new("更正申请：作出决定", cw, $"/RecordCorrections/{correctionId}", null,
                [new("input[name='Decision.Outcome'][value='Refused']", "", Kind.Check), new("textarea[name='Decision.Reasons']", "户口簿记载的为申请时的人口数，公示无误。"),
                 new("input[name='Decision.ReconsiderationBody']", "示范县人民政府")],
                "#decide button[type=submit]", "input[name='Decision.Court']", "请填写管辖法院"),
            new("督办：批量提醒", sup, "/Supervision/FollowUp?list=overdue", null,
                [new($"input[name=Selected][value='{overdue}']", "", Kind.Check)],
                "button:has-text('发送督办提醒')", "textarea[name=Message]", "请填写「督办意见」"),
            new("年度报告：导入（文件保留）", sup, "/Supervision/Report", null,
                [new("#import-form select[name=what]", "ledger", Kind.Select), new("#import-form input[name=file]", "复议.csv", Kind.File, challengesFile)],
                "#import-form button[type=submit]", "#import-form input[name=file]", "未导入任何数据"),
            new("年度报告：年度", sup, "/Supervision/Report", null,
                [new("form.filters input[name=year]", "1999")],
                "form.filters button[type=submit]", "form.filters input[name=year]", "「年度」须为2019至"),
            new("年度报告：期初结转", sup, "/Supervision/Report", null,
                [.. Enumerable.Range(0, 5).Select(i => new Typed($"#opening-form input[name='CarriedOver[{i}]']", $"{i + 1}")), new("#opening-form input[name='CarriedOver[5]']", "-1")],
                "#opening-form button[type=submit]", "#opening-form fieldset", "「上年结转」六栏均须填写非负整数"),
            new("设置：审核与标识", sup, "/Settings", null,
                [new("#extra-markings", new string('密', 31))],
                "#review-settings button[type=submit]", "#extra-markings", "每行不超过30字"),
            new("设置：申请人端", sup, "/Settings", null,
                [new("#rating-revision-days", "三十")],
                "#applicant-settings button[type=submit]", "#rating-revision-days", "「可修改评价的期限（日）」须为"),
            new("我的申请：查看", null, "/My", null,
                [new("#open-form input[name=TrackingNumber]", "2026-999999"), new("#open-form input[name=AccessCode]", "AAAA-BBBB-CCCC", Kind.Secret)],
                "#open-form button[type=submit]", "#open-form input[name=AccessCode]", "受理编号或查询码不正确"),
            new("我的申请：网上补正（含附件）", applicant, "/My", null,
                [new("textarea[name=CorrectedDescription]", new string('补', 4001)), new("#correction input[name=Files]", "补正材料.pdf", Kind.File)],
                "#correction button[type=submit]", "textarea[name=CorrectedDescription]", "「补正内容」不能超过4000个字"),
            new("我的申请：撤回", applicant, "/My", "#withdraw summary",
                [new("#withdraw input[name=Reason]", "已通过其他途径获得")],
                "#withdraw button[type=submit]", "#withdraw input[name=ConfirmWithdrawal]", "请勾选确认撤回申请"),
        ], [details, consulted, extended, askedForReasons]);
    }

    private static async Task<string> RegisterAsync(HttpClient api, string name) =>
        (await api.RegisterAsync(Seed.Registration(name: name))).GetProperty("id").GetString()!;
}
