using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using netDumbster.smtp;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 1 for the one form that needs SMTP on: 我的申请's e-mail sign-in (Applicants:EmailAccount), over
/// the same fake SMTP boundary as ApplicantAccountTests. Same checks as <see cref="FormErrorBrowserTests"/>.</summary>
public sealed class EmailSignInFormErrorBrowserTests : FormErrorBrowserTest
{
    private readonly SimpleSmtpServer _smtp;

    public EmailSignInFormErrorBrowserTests() : this(FreePort()) { }

    private EmailSignInFormErrorBrowserTests(int port)
        : base(new WebApp { SmtpPort = port, Settings = new() { ["Applicants:EmailAccount"] = "true", ["Notifications:ApplicantSweepSeconds"] = "3600" } }) =>
        _smtp = SimpleSmtpServer.Start(port);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task The_email_sign_in_sent_with_a_bad_address_names_it_next_to_the_field_and_keeps_it()
    {
        var failures = new List<string>();
        await TryAsync(new FormCase("我的申请：电子邮箱登录", null, "/My", null,
            [new("#send-code-form input[name=Email]", "not-an-address")],
            "#send-code-form button[type=submit]", "#send-code-form input[name=Email]", "请填写有效的电子邮箱"), failures, new Dictionary<string, IPage>());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(_smtp.ReceivedEmail);
    }

    [Fact]
    public async Task A_wrong_code_is_named_next_to_the_code_field_and_the_address_stays()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/My");
        await page.FillAsync("#send-code-form input[name=Email]", "wu.applicant@example.cn");
        await page.ClickAsync("#send-code-form button[type=submit]");
        var code = page.Locator("#verify-code-form input[name=Code]");
        await Assertions.Expect(code).ToBeVisibleAsync();

        // No request was filed from this address, so no code exists: any code is wrong, and reads as a wrong one does.
        await code.FillAsync("123456");
        await page.ClickAsync("#verify-code-form button[type=submit]");
        await Assertions.Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        var errorId = (await code.GetAttributeAsync("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        Assert.NotNull(errorId);
        Assert.Contains("验证码不正确或已失效", await page.Locator($"[id='{errorId}']").InnerTextAsync());
        Assert.Equal("wu.applicant@example.cn", await page.Locator("#verify-code-form input[name=Email]").InputValueAsync());
        Assert.Equal("true", await code.GetAttributeAsync("aria-required"));
    }
}
