using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime.Text;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 1, the rest of "browser tests cover every form's error path keeping its input": the forms that
/// appear only after some history (a reply awaiting sign-off, an Art. 35/44 warning, a bad rating, a closed online request,
/// a decided record correction, a refusing third party, a corrected challenge) and the administrator's installation
/// settings. Same checks as <see cref="FormErrorBrowserTests"/>; a class of its own so xunit runs it in parallel.</summary>
public sealed class FormErrorWithHistoryBrowserTests : FormErrorBrowserTest
{
    /// <summary>The request-page actions that only such a history offers; each must be offered and tried here.</summary>
    private static readonly string[] ActionsAfterHistory = ["public-interest-override", "reopen"];

    [Fact]
    public async Task Every_form_that_needs_a_history_sent_with_a_bad_field_names_it_next_to_the_field_and_keeps_what_was_typed()
    {
        var failures = new List<string>();
        var pages = new Dictionary<string, IPage>();
        var (forms, actionPages) = await FormsAsync();
        foreach (var form in forms)
            await TryAsync(form, failures, pages);

        var caseworker = pages.TryGetValue(WebApp.UserOfRole[Roles.Caseworker], out var signedIn) ? signedIn
            : pages[WebApp.UserOfRole[Roles.Caseworker]] = await SignInAsync(WebApp.UserOfRole[Roles.Caseworker]);
        foreach (var (name, requestId) in actionPages)
        {
            await caseworker.GotoAsync($"/Requests/Details/{requestId}");
            if (await caseworker.Locator($"details#action-{name}").CountAsync() == 0)
                failures.Add($"申请页：{name}: the prepared request does not offer it");
            else if (await ActionCaseAsync(caseworker, requestId, name) is { } form)
                await TryAsync(form, failures, pages);
            else
                failures.Add($"申请页：{name}: no text field is marked required (cf-required), so its error path is not tried");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<(IReadOnlyList<FormCase> Forms, IReadOnlyList<(string Action, string RequestId)> ActionPages)> FormsAsync()
    {
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var (cw, sup, adm) = (WebApp.UserOfRole[Roles.Caseworker], WebApp.UserOfRole[Roles.Supervisor], WebApp.UserOfRole[Roles.Administrator]);

        // A reply waiting for the supervisor's sign-off (as PartialRefreshBrowserTests prepares one).
        var reviewed = await RegisterAsync(api, "审核表单人");
        await App.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"/api/requests/{reviewed}/letters", new
            {
                type = "reply", outcome = 401,
                inputs = new { input_reasons = "经检索，本机关未制作或者获取该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
            })).StatusCode);
        }
        finally
        {
            await App.ReviewRepliesAsync(ReviewMode.None);
        }

        // Three applicants asking for the same information: a similar-requests warning (Art. 35 batch, Art. 44 mark).
        string[] similar =
        [
            await RegisterAsync(api, "预警表单甲", "申请公开城南农贸市场改造项目招标文件及中标结果。"),
            await RegisterAsync(api, "预警表单乙", "请公开城南农贸市场改造项目的招标文件及中标结果"),
            await RegisterAsync(api, "预警表单丙", "申请公开：城南农贸市场改造项目招标文件及中标结果。"),
        ];
        // Information marked for proactive disclosure, whose publication is then recorded.
        string[] marked =
        [
            await RegisterAsync(api, "主动公开表单甲", "申请公开城东污水处理厂扩建工程环评批复。"),
            await RegisterAsync(api, "主动公开表单乙", "请公开城东污水处理厂扩建工程的环评批复"),
        ];
        var mark = await api.PostAsJsonAsync("/api/proactive-disclosures", new { subject = "城东污水处理厂扩建工程环评批复", requestIds = marked });
        Assert.Equal(HttpStatusCode.Created, mark.StatusCode);
        var markId = (await mark.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Two closed online requests: one to rate, one rated 不满意 (a rectification to close).
        var (toRate, toRateCode) = await ClosedOnlineAsync(api, "评价表单人");
        var (rated, ratedCode) = await ClosedOnlineAsync(api, "整改表单人");
        using (var applicant = new HttpClient { BaseAddress = new Uri(BaseAddress) })
        {
            applicant.DefaultRequestHeaders.Add("X-Access-Code", ratedCode);
            Assert.Equal(HttpStatusCode.NoContent,
                (await applicant.PostAsJsonAsync($"/api/public/applications/{rated}/rating", new { level = "不满意", comment = "答复太慢。" })).StatusCode);
        }

        // A record correction decided (refused), its letter waiting to be served.
        var corrected = await api.PostAsJsonAsync("/api/record-corrections", new Dictionary<string, object?>
        {
            ["applicantName"] = "更正送达人", ["applicantIdDocument"] = "居民身份证 110105194912310021", ["applicantContact"] = "13800138000",
            ["record"] = "2025年低保公示名单中本人家庭人口数记为5人", ["evidence"] = "户口簿复印件：家庭人口3人", ["receivedOn"] = Seed.Today(),
        });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var correctionId = (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/record-corrections/{correctionId}/decision",
            new { outcome = "Refused", reasons = "所附户口簿与公示名单统计口径不同", reconsiderationBody = "示范县人民政府", court = "示范县人民法院", decidedOn = Seed.Today() })).StatusCode);

        var actionPages = new List<(string, string)>
        {
            ("public-interest-override", await RefusedByThirdPartyAsync(api)),
            ("reopen", await ClosedWithCorrectedChallengeAsync(api)),
        };
        Assert.Equal(ActionsAfterHistory, actionPages.Select(p => p.Item1));
        Assert.All(ActionsAfterHistory, a => Assert.NotNull(RequestActions.Find(a)));

        var review = $"section.review:has(a[href='/Requests/Details/{reviewed}'])";
        var group = $"form.ask-reasons-group:has(input[value='{similar[0]}'])";
        var toMark = $"form.mark-proactive:has(input[value='{similar[0]}'])";
        var publication = $"tr[data-id='{markId}']";
        var rectification = $"#rectifications tr:has-text('{rated}')";
        return ([
            new("审核：退回（意见过长）", sup, "/Reviews", null,
                [new($"{review} textarea[name='Input.Comment']", new string('审', 2001))],
                $"{review} button.return", $"{review} textarea[name='Input.Comment']", "审核意见不能超过2000个字"),
            new("预警：批量要求说明理由（第三十五条）", sup, "/Supervision/Warnings", null,
                [new($"{group} textarea[name=grounds]", "30日内3个申请人共提出3件内容相同的申请，数量明显超过合理范围")],
                $"{group} button[type=submit]", $"{group} input[name=dueOn]", "说明理由的期限"),
            new("预警：纳入主动公开范围（第四十四条）", cw, "/Supervision/Warnings", null,
                [new($"{toMark} input[name=subject]", new string('公', 1001))],
                $"{toMark} button[type=submit]", $"{toMark} input[name=subject]", "请写明拟主动公开的政府信息（不超过1000个字）"),
            new("主动公开：登记公开", cw, "/Requests/ProactiveDisclosure", null,
                [new($"{publication} input[name=publishedOn]", Seed.Today(1)), new($"{publication} input[name=url]", "https://www.example.gov.cn/zwgk/cd.html")],
                $"{publication} button[type=submit]", $"{publication} input[name=publishedOn]", "公开日期不能晚于今天"),
            new("我的申请：评价", $"applicant:{toRate}:{toRateCode}", "/My", null,
                [new("#rating textarea[name=Comment]", "答复清楚，查询方便。")],
                "#rating button[type=submit]", "#rating fieldset.rating-levels", "请选择评价等级"),
            new("差评整改：办结", sup, "/Supervision/Rectifications", $"{rectification} summary",
                [new($"{rectification} textarea[name=Verification]", "已回访申请人，核实等待时间较长。"), new($"{rectification} textarea[name=Reply]", "已向您说明办理进度查询方式。")],
                $"{rectification} button[type=submit]", $"{rectification} textarea[name=Changes]", "请填写「整改措施」"),
            new("更正申请：登记送达", cw, $"/RecordCorrections/{correctionId}", null,
                [new("#serve select[name='Service.Method']", "Post", Kind.Select), new("#serve input[name='Service.ServedOn']", Seed.Today())],
                "#serve button[type=submit]", "#serve input[name='Service.Evidence']", "请填写送达凭证"),
            new("设置：全平台默认值", adm, "/Settings", null,
                [new("#installation-rectification-working-days", "12"), new("#apply-per-agency-per-hour", "50"), new("#installation-rating-revision-days", "三十")],
                "#installation-settings button[type=submit]", "#installation-rating-revision-days", "「可修改评价的期限（日）」须为"),
        ], actionPages);
    }

    private static async Task<string> RegisterAsync(HttpClient api, string name, string? description = null) =>
        (await api.RegisterAsync(description is null ? Seed.Registration(name: name) : Seed.Registration(name: name, description: description))).GetProperty("id").GetString()!;

    /// <summary>An online application, confirmed and replied by a reply letter served online (closed); its receipt.</summary>
    private async Task<(string Number, string Code)> ClosedOnlineAsync(HttpClient api, string name)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        var application = await anonymous.PostAsJsonAsync("/api/public/applications", ApplicantApiTests.Citizen(name));
        Assert.Equal(HttpStatusCode.Created, application.StatusCode);
        var receipt = await application.Content.ReadFromJsonAsync<JsonElement>();
        var (number, code) = (receipt.GetProperty("trackingNumber").GetString()!, receipt.GetProperty("accessCode").GetString()!);
        var id = await App.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number });
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        var letter = await (await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/requests/{id}/letters/{letter.GetProperty("id").GetString()}/online-service", null)).StatusCode);
        return (number, code);
    }

    /// <summary>A request whose third party refused with reasons (Art. 32), so the public-interest override is offered (as
    /// OverrideNoticeTests prepares one).</summary>
    private async Task<string> RefusedByThirdPartyAsync(HttpClient api)
    {
        var registration = Seed.Registration(name: "公共利益表单人", description: "申请公开示范建设有限公司承建的学校改造项目合同金额。");
        registration["receivedOn"] = Seed.Today(-10);
        var id = (await api.RegisterAsync(registration)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "ThirdParty", ["participants"] = "示范建设有限公司", ["question"] = "是否同意公开贵公司的合同金额", ["date"] = Seed.Today(-7),
        })).StatusCode);
        var reader = App.Services.CreateScope().ServiceProvider.GetRequiredService<RequestReader>();
        Guid? consultation = null;
        for (var attempt = 0; attempt < 100 && consultation is null; attempt++)
        {
            if ((await reader.FindAsync(Guid.Parse(id), "a1"))!.State.Consultations is [var started])
                consultation = started.Id;
            else
                await Task.Delay(100);
        }
        Assert.NotNull(consultation);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/opinion", new Dictionary<string, object?>
        {
            ["consultationId"] = consultation.ToString(), ["participant"] = "示范建设有限公司", ["position"] = "Disagree",
            ["reasoning"] = "合同金额属于商业秘密", ["date"] = Seed.Today(-1),
        })).StatusCode);
        for (var attempt = 0; attempt < 100 && CaseFlow.Workflows.DisclosureRequest.Rules.RefusingThirdParties((await reader.FindAsync(Guid.Parse(id), "a1"))!.State).Count == 0; attempt++)
            await Task.Delay(100);
        return id;
    }

    /// <summary>A closed request with a reconsideration decided 纠正 (Issue 14), so reopening is offered (as ReopeningTests
    /// prepares one: the challenge recorded through the report store).</summary>
    private async Task<string> ClosedWithCorrectedChallengeAsync(HttpClient api)
    {
        var id = (await api.RegisterAsync(Seed.Registration(name: "重新答复表单人"))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/withdrawal", new { date = Seed.Today() })).StatusCode);
        var today = LocalDatePattern.Iso.Parse(Seed.Today()).Value;
        await using var connection = await App.Services.GetRequiredService<Database>().OpenAsync();
        var (agency, tracking) = await connection.QuerySingleAsync<(string, string)>("SELECT agency_code, tracking_number FROM requests WHERE id = @Id", new { Id = id });
        await connection.ExecuteAsync(ReportStore.InsertChallenge, new
        {
            AgencyCode = agency, TrackingNumber = tracking, Kind = "reconsideration", AfterReconsideration = false,
            FiledOn = today, Result = "corrected", DecidedOn = today, RecordedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        });
        return id;
    }
}
