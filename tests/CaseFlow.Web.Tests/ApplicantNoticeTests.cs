using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CaseFlow.Web.Applicants;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18 item 5: the applicant is told by e-mail (a real SMTP server in this process) and by SMS (the file
/// sink) when the agency confirms receipt and when it asks for a correction; each notice goes once.</summary>
public sealed class ApplicantNoticeTests : IAsyncLifetime
{
    private readonly SimpleSmtpServer _smtp;
    private readonly WebApp _app;

    public ApplicantNoticeTests()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _smtp = SimpleSmtpServer.Start(port);
        // The sweeper's own timer is set far away: the test runs the pass itself.
        _app = new WebApp { SmtpPort = port, Settings = new() { ["Notifications:ApplicantSweepSeconds"] = "3600" } };
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _smtp.Dispose();
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await ApplicantNoticeSweeper.RunOnceAsync(scope.ServiceProvider);
    }

    [Fact]
    public async Task Confirmation_and_correction_are_announced_by_email_and_sms_once()
    {
        var (_, _, id) = await ApplicantApiTests.ApplyAsync(_app);
        var staff = _app.WithApiKey();
        Assert.Equal(0, await SweepAsync());

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/requests/{id}/correction-notice",
            new { items = "请写明招标文件的项目编号", correctionPeriodEndsOn = Seed.Today(10) })).StatusCode);
        Assert.Equal(1, await SweepAsync());

        var mails = _smtp.ReceivedEmail;
        Assert.Equal(2, mails.Length);
        Assert.All(mails, m => Assert.Equal("li@example.com", m.ToAddresses[0].Address));
        Assert.Contains(mails, m => m.Subject.Contains("已确认收到"));
        var correction = Assert.Single(mails, m => m.Subject.Contains("补正"));
        Assert.Contains("请写明招标文件的项目编号", correction.MessageParts[0].BodyData);
        var sms = (FileSmsSender)_app.Services.GetRequiredService<ISmsSender>();
        var lines = await File.ReadAllLinesAsync(sms.FilePath);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("13912345678", l));
    }
}
