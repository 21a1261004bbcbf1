using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Applicants;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18: the applicant's side set on /Settings (机关设置) — per agency by its supervisor, the installation's
/// defaults and limits by an administrator — stored, audited as <c>applicant-settings-changed</c>, and read where the
/// settings act: the rectification due date, the date of electronic service, the limit on wrong access codes. Each test
/// has its own app, so that the fixture agency's settings stay the defaults for every other test.</summary>
public sealed class ApplicantSettingsTests : IAsyncLifetime
{
    private readonly WebApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private static Dictionary<string, string> AgencyForm(string serviceDate = "Placed", string revision = "15", string rectification = "15", bool email = false)
    {
        var form = new Dictionary<string, string>
        {
            ["Applicant.ServiceDate"] = serviceDate, ["Applicant.RatingRevisionDays"] = revision, ["Applicant.RectificationWorkingDays"] = rectification,
        };
        if (email)
            form["Applicant.EmailAccount"] = "true";
        return form;
    }

    private string WorkingDaysFromToday(int days)
    {
        var calendars = _app.Services.GetRequiredService<CaseFlow.Workflows.Infrastructure.CalendarCatalog>();
        var today = CaseFlow.Workflows.DisclosureRequest.ChinaTime.Today(NodaTime.SystemClock.Instance);
        return calendars.ClockFor("cn").After(today, days).DueOn.ToString("uuuu-MM-dd", null);
    }

    /// <summary>Applies, withdraws and rates 不满意: the rectification item's due date.</summary>
    private async Task<string> BadRatingDueOnAsync(string name)
    {
        var (number, code, id) = await ApplicantApiTests.ApplyAsync(_app, ApplicantApiTests.Citizen(name, $"申请公开{name}所问的2025年本区公厕改造的验收报告。"));
        var applicant = _app.Anonymous();
        applicant.DefaultRequestHeaders.Add("X-Access-Code", code);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/withdrawal", new { reason = "另行办理" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating", new { level = "不满意" })).StatusCode);
        return (await _app.ScalarAsync<string>("SELECT due_on FROM rectifications WHERE request_id = @Id", new { Id = id }))!;
    }

    [Fact]
    public async Task The_supervisor_shortens_the_rectification_period_and_the_next_bad_rating_is_due_sooner_in_the_trail()
    {
        var supervisor = await _app.AsRoleAsync(Roles.Supervisor);
        var page = await supervisor.GetStringAsync("/Settings");
        Assert.Contains("id=\"applicant-settings\"", page);
        Assert.Contains("name=\"Applicant.RectificationWorkingDays\" value=\"15\"", page);
        // Installation-wide parts are for administrators only.
        Assert.DoesNotContain("id=\"installation-settings\"", page);
        Assert.Equal(WorkingDaysFromToday(15), await BadRatingDueOnAsync("甲默认"));

        var saved = await supervisor.PostFormAsync("/Settings?handler=Applicant", AgencyForm(rectification: "5"), "/Settings");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(WorkingDaysFromToday(5), await BadRatingDueOnAsync("乙缩短"));
        Assert.Equal(1, await _app.CountAsync(
            "SELECT COUNT(*) FROM admin_audit_entries WHERE action = 'applicant-settings-changed' AND subject = 'a1' AND actor = 'sup1' AND details LIKE '%rectification working days=5%'"));
        Assert.Contains("name=\"Applicant.RectificationWorkingDays\" value=\"5\"", await supervisor.GetStringAsync("/Settings?saved=true"));
        Assert.Contains("修改申请人端设置", await (await _app.AsRoleAsync(Roles.Administrator)).GetStringAsync("/Admin/Audit"));
    }

    [Fact]
    public async Task Under_the_first_download_rule_a_letter_placed_online_is_served_only_when_the_applicant_downloads_it()
    {
        var supervisor = await _app.AsRoleAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync("/Settings?handler=Applicant", AgencyForm(serviceDate: "FirstDownload"), "/Settings")).StatusCode);
        var (number, code, id) = await ApplicantApiTests.ApplyAsync(_app, ApplicantApiTests.Citizen("丙下载", "申请公开2025年本区公交站台改造的验收报告。"));
        var staff = _app.WithApiKey();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        var letter = await (await staff.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var letterId = letter.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/requests/{id}/letters/{letterId}/online-service", null)).StatusCode);
        Assert.Equal(0, await _app.CountAsync("SELECT COUNT(*) FROM letter_services WHERE letter_id = @L", new { L = letterId }));
        Assert.NotEqual("Replied", (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString());

        var applicant = _app.Anonymous();
        applicant.DefaultRequestHeaders.Add("X-Access-Code", code);
        await applicant.GetByteArrayAsync($"/api/public/applications/{number}/letters/{letterId}");

        var evidence = await _app.ScalarAsync<string>("SELECT evidence FROM letter_services WHERE letter_id = @L AND method = 'Online'", new { L = letterId });
        Assert.Contains("首次下载", evidence);
        Assert.Equal("Replied", (await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Only_an_administrator_sets_the_installation_defaults_and_limits_and_a_bad_value_is_named_storing_nothing()
    {
        var installation = new Dictionary<string, string>
        {
            ["Installation.ServiceDate"] = "Placed", ["Installation.RatingRevisionDays"] = "15", ["Installation.RectificationWorkingDays"] = "3",
            ["Installation.ApplyPerAgencyPerHour"] = "300", ["Installation.LookupFailuresPerTrackingNumber"] = "1",
        };
        var supervisor = await _app.AsRoleAsync(Roles.Supervisor);
        var caseworker = await _app.AsRoleAsync(Roles.Caseworker);
        var admin = await _app.AsRoleAsync(Roles.Administrator);

        var refused = await supervisor.PostFormAsync("/Settings?handler=Installation", new(installation), "/Settings");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/Denied", refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.GetAsync("/Settings")).StatusCode);
        // A supervisor reaches only their own agency.
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/Settings?agency=a2")).StatusCode);
        var bad = await admin.PostFormAsync("/Settings?agency=a2&handler=Applicant", AgencyForm(rectification: "0", revision: "十"), "/Settings?agency=a2");
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"err-rectificationWorkingDays\"", badPage);
        Assert.Contains("「差评整改期限（工作日）」须为1至60之间的整数。", badPage);
        Assert.Contains("id=\"err-ratingRevisionDays\"", badPage);
        Assert.Contains("name=\"Applicant.RatingRevisionDays\" value=\"十\"", badPage);
        Assert.Equal(0, await _app.CountAsync("SELECT COUNT(*) FROM applicant_settings"));
        Assert.Equal(0, await _app.CountAsync("SELECT COUNT(*) FROM admin_audit_entries WHERE action = 'applicant-settings-changed'"));

        var saved = await admin.PostFormAsync("/Settings?handler=Installation", new(installation), "/Settings");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await _app.CountAsync(
            "SELECT COUNT(*) FROM admin_audit_entries WHERE action = 'applicant-settings-changed' AND subject = '*' AND actor = 'adm1' AND details LIKE '%wrong access codes per tracking number per hour=1%'"));
        // Agency a1 has no row of its own: it follows the installation's defaults.
        Assert.Equal(WorkingDaysFromToday(3), await BadRatingDueOnAsync("丁全平台"));
        Assert.Equal(3, (await _app.Services.GetRequiredService<ApplicantSettings>().ForAgencyAsync("a1")).RectificationWorkingDays);
        // One wrong access code now uses up the tracking number's hour: even the right code no longer opens it.
        var (number, code, _) = await ApplicantApiTests.ApplyAsync(_app, ApplicantApiTests.Citizen("戊限次", "申请公开2025年本区路灯改造的验收报告。"));
        var guesser = _app.Anonymous();
        guesser.DefaultRequestHeaders.Add("X-Access-Code", "AAAA-BBBB-CCCC");
        Assert.Equal(HttpStatusCode.NotFound, (await guesser.GetAsync($"/api/public/applications/{number}")).StatusCode);
        var owner = _app.Anonymous();
        owner.DefaultRequestHeaders.Add("X-Access-Code", code);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/public/applications/{number}")).StatusCode);
    }
}
