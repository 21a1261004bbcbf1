using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 12's web leftovers: the agency's review settings (审核/签发, Art. 45) set on /Settings by its supervisor or
/// an administrator, audited; the dashboard's drafts in review with their time and the extensions waiting (Art. 33 ¶2),
/// with the supervisor's header badge.</summary>
[Collection(nameof(WebCollection))]
public sealed class AgencySettingsTests(WebApp app)
{
    private async Task<string> NewAgencyAsync()
    {
        var code = "s" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        await Agencies.InsertAsync(connection, new Agency { Code = code, Name = $"设置测试{code}", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = SystemClock.Instance.GetCurrentInstant() });
        return code;
    }

    private async Task<ReviewSettings> StoredAsync(string code)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        return await ReviewSettingsStore.ForAsync(connection, code);
    }

    private static bool Checked(string page, string name, string value) =>
        Regex.IsMatch(page, $"name=\"{Regex.Escape(name)}\" value=\"{value}\" checked=\"checked\"");

    [Fact]
    public async Task A_new_agency_has_replies_signed_off_and_an_administrator_changes_it_in_the_trail()
    {
        var code = await NewAgencyAsync();
        var admin = await app.AsRoleAsync(Roles.Administrator);

        // The default of a new agency (no settings stored): replies signed off by the supervisor, other letters issued.
        Assert.Equal(ReviewMode.Single, (await StoredAsync(code)).Replies);
        var page = await admin.GetStringAsync($"/Settings?agency={code}");
        Assert.True(Checked(page, "Review.Replies", "single"), page);
        Assert.True(Checked(page, "Review.OtherLetters", "none"));
        Assert.Contains("第四十五条", page);

        var saved = await admin.PostFormAsync($"/Settings?agency={code}&handler=Review", new()
        {
            ["Review.Replies"] = "double", ["Review.OtherLetters"] = "single", ["Review.LegalReviewOfAdverse"] = "true",
            ["Review.ExtraMarkings"] = "仅供内部参考\n限内部传阅\n仅供内部参考",
        }, $"/Settings?agency={code}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var stored = await StoredAsync(code);
        Assert.Equal((ReviewMode.Double, ReviewMode.Single, true), (stored.Replies, stored.OtherLetters, stored.LegalReviewOfAdverse));
        Assert.Equal(["仅供内部参考", "限内部传阅"], stored.ExtraMarkings);
        // The plan the letters desk follows changes with it: an adverse reply now needs three steps.
        Assert.Equal([ReviewStep.SectionReview, ReviewStep.LegalReview, ReviewStep.SignOff],
            ReviewPlan.For(stored, LetterType.Reply, CaseFlow.Domain.Replies.Outcome.PartlyDisclosed));
        Assert.Equal(1, await app.CountAsync(
            "SELECT COUNT(*) FROM admin_audit_entries WHERE action = 'review-settings-changed' AND subject = @Code AND actor = 'adm1' AND details LIKE '%replies=double%'",
            new { Code = code }));
        var again = await admin.GetStringAsync($"/Settings?agency={code}&saved=true");
        Assert.True(Checked(again, "Review.Replies", "double"));
        Assert.Contains("限内部传阅", again);
        Assert.Contains("修改审核签发设置", await admin.GetStringAsync("/Admin/Audit"));
    }

    [Fact]
    public async Task Bad_settings_are_named_next_to_their_field_keeping_what_was_typed_and_nothing_is_stored()
    {
        var code = await NewAgencyAsync();
        var admin = await app.AsRoleAsync(Roles.Administrator);
        var tooMany = string.Join("\n", Enumerable.Range(1, 51).Select(i => $"标识{i}"));

        var refused = await admin.PostFormAsync($"/Settings?agency={code}&handler=Review", new()
        {
            ["Review.Replies"] = "triple", ["Review.OtherLetters"] = "double", ["Review.LegalReviewOfAdverse"] = "true", ["Review.ExtraMarkings"] = tooMany,
        }, $"/Settings?agency={code}");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-replies\"", page);
        Assert.Contains("请选择「答复书的审核」", page);
        Assert.Contains("aria-describedby=\"err-replies\"", page);
        Assert.Contains("aria-describedby=\"err-extraMarkings\"", page);
        Assert.Contains("最多50行", page);
        // What was typed stays: the other choice, the checkbox and every marking line.
        Assert.True(Checked(page, "Review.OtherLetters", "double"));
        Assert.Matches("name=\"Review.LegalReviewOfAdverse\" value=\"true\" checked=\"checked\"", page);
        Assert.Contains("标识51", page);
        Assert.Equal(ReviewSettings.Default.Replies, (await StoredAsync(code)).Replies);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM admin_audit_entries WHERE subject = @Code", new { Code = code }));
    }

    [Fact]
    public async Task A_supervisor_sets_their_own_agency_only()
    {
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var own = await supervisor.GetStringAsync("/Settings");
        Assert.Contains("测试机关a1", own);
        Assert.Contains("href=\"/Settings\"", own);

        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/Settings?agency=a2")).StatusCode);
        var other = await supervisor.PostFormAsync("/Settings?agency=a2&handler=Review", new() { ["Review.Replies"] = "none", ["Review.OtherLetters"] = "none" }, "/Settings");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM admin_audit_entries WHERE action = 'review-settings-changed' AND subject = 'a2'"));
    }

    [Fact]
    public async Task The_dashboard_shows_drafts_in_review_with_their_time_and_the_extensions_waiting_with_a_header_badge()
    {
        await app.ReviewRepliesAsync(ReviewMode.Single);
        try
        {
            var caseworker = await app.AsRoleAsync(Roles.Caseworker);
            var drafted = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "看板审核人"));
            var id = drafted.GetProperty("id").GetString()!;
            var tracking = drafted.GetProperty("trackingNumber").GetString()!;
            var submitted = await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new
            {
                type = "reply", outcome = 200,
                inputs = new
                {
                    input_how = "随本答复书提供名录", input_reasons = "名录中涉及个人隐私的联系方式不予公开。",
                    input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院",
                },
            });
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());

            var extended = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "看板延期人"));
            var asked = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{extended.GetProperty("id").GetString()}/extension-request",
                new { days = 10, reason = "检索量大" });
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var waiting = await app.CountAsync("SELECT COUNT(*) FROM requests WHERE agency_code = 'a1' AND state = 'AwaitingExtensionDecision'");
            Assert.True(waiting >= 1);

            var supervisor = await app.AsRoleAsync(Roles.Supervisor);
            var dashboard = await supervisor.GetStringAsync("/Supervision");
            var table = Regex.Match(dashboard, "<table class=\"list\" id=\"drafts-in-review\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
            var row = Regex.Match(table, $"<tr><td>\\s*<a href=\"/Requests/Details/{id}\">{tracking}</a>((?:(?!</tr>).)*)</tr>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains("答复书", row);
            Assert.Contains("负责人签发", row);
            Assert.Matches("<td class=\"time-in-review\">0天0小时</td>", row);
            Assert.Contains($"id=\"extensions-waiting\"><a href=\"/Supervision/Extensions?agency=a1\">{waiting}</a>", dashboard);
            // The header badge, on every page of the supervisor; never for the caseworker.
            var workbench = await supervisor.GetStringAsync("/Workbench");
            Assert.True(Regex.IsMatch(workbench, $"id=\"extensions-link\"[^>]*>延期审批\\s*<span class=\"badge\" aria-label=\"待审批的延期\">{waiting}</span>"),
                Regex.Match(workbench, "id=\"extensions-link\".{0,200}", RegexOptions.Singleline).Value);
            Assert.DoesNotContain("id=\"extensions-link\"", await caseworker.GetStringAsync("/Workbench"));
        }
        finally
        {
            await app.ReviewRepliesAsync(ReviewMode.None);
        }
    }

    [Fact]
    public async Task The_report_page_opens_on_the_latest_year_with_data()
    {
        await app.WithApiKey().RegisterAsync(Seed.Registration(name: "报告年度人", description: "申请公开本年度本区道路养护经费明细。"));
        var year = CaseFlow.Workflows.DisclosureRequest.ChinaTime.Today(SystemClock.Instance).Year;

        var page = await (await app.AsRoleAsync(Roles.Supervisor)).GetStringAsync("/Supervision/Report");

        // Requests were received this year: the page opens on it, not on last year's empty report.
        Assert.Contains($"{year}年度政府信息公开工作年度报告", page);
    }
}
