using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 1, done when "browser tests cover every form's error path keeping its input": in Chromium, each
/// form is sent with one bad field; the field's Chinese message must be right next to it, the field must point to it
/// (<c>aria-describedby</c>, <c>aria-invalid</c>), and everything typed (files included) must still be there. One app and
/// one browser for all the forms, so the table stays fast; every form is tried and all failures are reported together.</summary>
public sealed class FormErrorBrowserTests : BrowserTest
{
    private enum Kind { Text, Select, Check, File, Secret }

    /// <summary>What is typed into one control: its selector, the value, how it is typed and checked afterwards
    /// (a secret is typed but never shown again; a file must be listed among the kept files).</summary>
    private sealed record Typed(string Selector, string Value, Kind Kind = Kind.Text);

    /// <summary>One form's error path: who opens which page (null: the public), what is clicked to show the form, what is
    /// typed, which button sends it, the control refused and the Chinese message expected next to it.</summary>
    private sealed record FormCase(string Name, string? User, string Url, string? Open, Typed[] Typed, string Submit, string Bad, string Message);

    [Fact]
    public async Task Every_form_sent_with_a_bad_field_names_it_next_to_the_field_and_keeps_what_was_typed()
    {
        var failures = new List<string>();
        var pages = new Dictionary<string, IPage>();
        foreach (var form in await FormsAsync())
        {
            try
            {
                var key = form.User ?? "";
                if (!pages.TryGetValue(key, out var page))
                    pages[key] = page = form.User is null ? await PublicPageAsync() : await SignInAsync(form.User);
                await CheckAsync(page, form);
            }
            catch (Exception e) when (e is PlaywrightException or Xunit.Sdk.XunitException or TimeoutException)
            {
                failures.Add($"{form.Name}: {e.Message.Split('\n')[0]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IPage> PublicPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        return await context.NewPageAsync();
    }

    private static async Task CheckAsync(IPage page, FormCase form)
    {
        await page.GotoAsync(form.Url);
        if (form.Open is not null)
            await page.ClickAsync(form.Open);
        // The server's refusal is what is tested: the browser's own checks (max, type=email) must not stop the form first.
        await page.EvaluateAsync("() => document.querySelectorAll('form').forEach(f => f.noValidate = true)");
        foreach (var typed in form.Typed)
        {
            switch (typed.Kind)
            {
                case Kind.Select: await page.SelectOptionAsync(typed.Selector, typed.Value); break;
                case Kind.Check: await page.CheckAsync(typed.Selector); break;
                case Kind.File:
                    await page.SetInputFilesAsync(typed.Selector, new FilePayload { Name = typed.Value, MimeType = "application/pdf", Buffer = ApplicantApiTests.Pdf });
                    break;
                default: await page.FillAsync(typed.Selector, typed.Value); break;
            }
        }
        await page.ClickAsync(form.Submit);

        var bad = page.Locator(form.Bad).First;
        await Assertions.Expect(bad).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 30_000 });
        var describedBy = (await bad.GetAttributeAsync("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var errorId = describedBy.LastOrDefault();
        Assert.True(errorId is not null, $"{form.Bad} has no aria-describedby to its message ({string.Join(' ', describedBy)})");
        var error = page.Locator($"[id='{errorId}']");
        Assert.Contains(form.Message, await error.InnerTextAsync());
        // Next to the field: right after it, or inside the group it is.
        Assert.True(await bad.EvaluateAsync<bool>("(field, id) => field.nextElementSibling?.id === id || (field.tagName === 'FIELDSET' && !!field.querySelector('#' + CSS.escape(id)))", errorId),
            $"the message {errorId} is not next to {form.Bad}");
        foreach (var typed in form.Typed)
        {
            switch (typed.Kind)
            {
                case Kind.Secret: break;
                case Kind.Check: Assert.True(await page.IsCheckedAsync(typed.Selector), $"{typed.Selector} is no longer checked"); break;
                case Kind.File: Assert.Contains(typed.Value, await page.Locator("#kept-files").InnerTextAsync()); break;
                default: Assert.Equal(typed.Value, await page.Locator(typed.Selector).First.InputValueAsync()); break;
            }
        }
    }

    /// <summary>The forms and what each needs to exist first (a letter to serve, a consultation, an extension to decide).</summary>
    private async Task<IReadOnlyList<FormCase>> FormsAsync()
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

        return
        [
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
        ];
    }

    private static async Task<string> RegisterAsync(HttpClient api, string name) =>
        (await api.RegisterAsync(Seed.Registration(name: name))).GetProperty("id").GetString()!;
}
