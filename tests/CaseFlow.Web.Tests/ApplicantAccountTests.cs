using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18 item 2: the optional applicant account. With the e-mail account on, the applicant signs in on /My
/// with their e-mail and a 6-digit one-time code mailed through the SMTP channel (a real SMTP server in this process),
/// and sees every request filed with that address without access codes. Codes: hashed at rest, 10 minutes, used once,
/// five tries, sending limited; an unknown address gets the same answer and no mail.</summary>
public sealed class ApplicantAccountTests : IAsyncLifetime
{
    private readonly SimpleSmtpServer _smtp;
    private readonly WebApp _app;

    public ApplicantAccountTests()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _smtp = SimpleSmtpServer.Start(port);
        // The notice sweeper's own timer is set far away, so that the only mails are the codes.
        _app = new WebApp { SmtpPort = port, Settings = new() { ["Applicants:EmailAccount"] = "true", ["Notifications:ApplicantSweepSeconds"] = "3600" } };
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _smtp.Dispose();
    }

    private static readonly Regex SixDigits = new(@"验证码是 (\d{6})", RegexOptions.Compiled);

    /// <summary>Waits (on the condition, not a fixed sleep) for the mail to <paramref name="to"/> and returns its code.</summary>
    private async Task<string> CodeOfMailAsync(string to)
    {
        for (var i = 0; i < 200 && !_smtp.ReceivedEmail.Any(m => m.ToAddresses[0].Address == to); i++)
            await Task.Delay(50);
        var mail = Assert.Single(_smtp.ReceivedEmail, m => m.ToAddresses[0].Address == to);
        return SixDigits.Match(mail.MessageParts[0].BodyData).Groups[1].Value;
    }

    private static string ErrorOf(string html, string field) =>
        Regex.Match(html, $"id=\"err-{field}\"[^>]*>([^<]*)<").Groups[1].Value;

    private static async Task<string> SendCodeAsync(HttpClient client, string email) =>
        await (await client.PostFormAsync("/My?handler=SendCode", new() { ["Email"] = email }, "/My")).Content.ReadAsStringAsync();

    private static Task<HttpResponseMessage> VerifyAsync(HttpClient client, string email, string code) =>
        client.PostFormAsync("/My?handler=VerifyCode", new() { ["Email"] = email, ["Code"] = code }, "/My");

    [Fact]
    public async Task An_applicant_signs_in_with_an_emailed_code_and_sees_every_request_filed_with_that_address()
    {
        var (first, _, _) = await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("赵一", "申请公开2025年本区河道整治工程的验收报告。"), "Zhao@Example.com"));
        var (second, _, _) = await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("赵一", "申请公开2025年本区老旧小区加装电梯的补贴名单。"), "zhao@example.com"));
        var (other, _, _) = await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("钱二", "申请公开2025年本区垃圾分类的考核结果。"), "qian@example.com"));
        var applicant = _app.Anonymous();
        var form = await applicant.GetStringAsync("/My");
        Assert.Contains("id=\"send-code-form\"", form);

        var sent = await SendCodeAsync(applicant, " zhao@example.COM ");
        var code = await CodeOfMailAsync("zhao@example.com");

        Assert.Contains("id=\"verify-code-form\"", sent);
        Assert.Matches("^[0-9]{6}$", code);
        // At rest only the hash: the code itself is nowhere in the table.
        Assert.Equal(0, await _app.CountAsync("SELECT COUNT(*) FROM applicant_email_codes WHERE code_hash = @Code OR code_hash LIKE @Like", new { Code = code, Like = $"%{code}%" }));
        Assert.Equal(1, await _app.CountAsync("SELECT COUNT(*) FROM applicant_email_codes WHERE email = 'zhao@example.com'"));

        var wrong = await VerifyAsync(applicant, "zhao@example.com", code == "000000" ? "111111" : "000000");
        Assert.Equal("验证码不正确或已失效，请重新获取。", ErrorOf(await wrong.Content.ReadAsStringAsync(), "code"));
        var signedIn = await VerifyAsync(applicant, "zhao@example.com", code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = string.Join(";", signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("caseflow-applicant-account=", cookie);
        Assert.Contains("path=/My", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var list = await applicant.GetStringAsync("/My?done=signed-in");
        Assert.Contains($"data-tracking-number=\"{first}\"", list);
        Assert.Contains($"data-tracking-number=\"{second}\"", list);
        Assert.DoesNotContain($"data-tracking-number=\"{other}\"", list);

        // Open one of them: the request's own page, without its access code.
        var id = await _app.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = second });
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.PostFormAsync("/My?handler=Open", new() { ["RequestId"] = id! }, "/My")).StatusCode);
        var opened = await applicant.GetStringAsync("/My");
        Assert.Contains($"id=\"tracking-number\">{second}<", opened);
        Assert.Contains("id=\"back-to-list\"", opened);
        // Another address's request cannot be opened from this account.
        var otherId = await _app.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = other });
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.PostFormAsync("/My?handler=Open", new() { ["RequestId"] = otherId! }, "/My")).StatusCode);
        // The account is not a staff session.
        Assert.Contains("/Account/Login", (await applicant.GetAsync("/Workbench")).Headers.Location!.OriginalString);
        // The code was used once.
        var again = _app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(again, "zhao@example.com", code)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail_and_sending_is_limited_per_address()
    {
        await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("孙三", "申请公开2025年本区公园绿地的养护合同。"), "sun@example.com"));
        var known = await SendCodeAsync(_app.Anonymous(), "sun@example.com");
        var unknown = await SendCodeAsync(_app.Anonymous(), "nobody@example.com");
        await CodeOfMailAsync("sun@example.com");

        string Notice(string html) => Regex.Match(html, "id=\"message\">([^<]*)<").Groups[1].Value;
        Assert.Equal(Notice(known), Notice(unknown));
        Assert.Contains("验证码已发送至该邮箱，10分钟内有效", Notice(unknown));
        Assert.Contains("id=\"verify-code-form\"", unknown);
        // A code for an unknown address is stored (so that the limits behave alike) but never mailed.
        Assert.Equal(1, await _app.CountAsync("SELECT COUNT(*) FROM applicant_email_codes WHERE email = 'nobody@example.com'"));
        Assert.Equal(1, _smtp.ReceivedEmailCount);
        // A second code within a minute is refused, for a known and an unknown address alike.
        Assert.Equal("验证码发送过于频繁，请稍后再试。", ErrorOf(await SendCodeAsync(_app.Anonymous(), "sun@example.com"), "email"));
        Assert.Equal("验证码发送过于频繁，请稍后再试。", ErrorOf(await SendCodeAsync(_app.Anonymous(), "nobody@example.com"), "email"));
        Assert.Equal("请填写有效的电子邮箱。", ErrorOf(await SendCodeAsync(_app.Anonymous(), "not an address"), "email"));
        Assert.Equal(1, _smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task A_code_is_refused_after_five_wrong_tries_and_after_ten_minutes()
    {
        await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("李四", "申请公开2025年本区学校食堂的检查记录。"), "li4@example.com"));
        await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("周五", "申请公开2025年本区体育场馆的开放时间规定。"), "zhou5@example.com"));
        var client = _app.Anonymous();
        await SendCodeAsync(client, "li4@example.com");
        var code = await CodeOfMailAsync("li4@example.com");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(client, "li4@example.com", wrong)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(client, "li4@example.com", code)).StatusCode);

        await SendCodeAsync(client, "zhou5@example.com");
        var late = await CodeOfMailAsync("zhou5@example.com");
        await using (var connection = await _app.Services.GetRequiredService<Database>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE applicant_email_codes SET expires_at = @At WHERE email = 'zhou5@example.com'",
                new { At = SystemClock.Instance.GetCurrentInstant() - Duration.FromSeconds(1) });
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(client, "zhou5@example.com", late)).StatusCode);
        Assert.Contains("id=\"open-form\"", await client.GetStringAsync("/My"));
    }

    [Fact]
    public async Task An_agency_that_turns_the_account_off_on_its_settings_page_drops_out_of_the_list()
    {
        var (number, _, _) = await ApplicantApiTests.ApplyAsync(_app, WithEmail(ApplicantApiTests.Citizen("吴六", "申请公开2025年本区农贸市场的租金标准。"), "wu6@example.com"));
        var applicant = _app.Anonymous();
        await SendCodeAsync(applicant, "wu6@example.com");
        Assert.Equal(HttpStatusCode.Redirect, (await VerifyAsync(applicant, "wu6@example.com", await CodeOfMailAsync("wu6@example.com"))).StatusCode);
        Assert.Contains($"data-tracking-number=\"{number}\"", await applicant.GetStringAsync("/My"));

        var supervisor = await _app.AsRoleAsync(CaseFlow.Persistence.Workplace.Roles.Supervisor);
        Assert.Contains("name=\"Applicant.EmailAccount\" value=\"true\" checked=\"checked\"", await supervisor.GetStringAsync("/Settings"));
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync("/Settings?handler=Applicant", new()
        {
            ["Applicant.ServiceDate"] = "Placed", ["Applicant.RatingRevisionDays"] = "15", ["Applicant.RectificationWorkingDays"] = "15",
        }, "/Settings")).StatusCode);

        var after = await applicant.GetStringAsync("/My");
        Assert.DoesNotContain($"data-tracking-number=\"{number}\"", after);
        Assert.Contains("id=\"no-requests\"", after);
    }

    private static Dictionary<string, object?> WithEmail(Dictionary<string, object?> form, string email)
    {
        form["email"] = email;
        return form;
    }
}
