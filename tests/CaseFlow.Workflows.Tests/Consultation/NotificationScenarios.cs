using System.Net;
using System.Net.Sockets;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Notifications;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace CaseFlow.Workflows.Tests.Consultation;

/// <summary>Consultation notices delivered in the app and by e-mail, through the outbox, to a real SMTP server running
/// in this process on a free loopback port (netDumbster), not a mock.</summary>
public sealed class NotificationScenarios : IDisposable
{
    private readonly SimpleSmtpServer _smtp;
    private readonly int _port;

    public NotificationScenarios()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _smtp = SimpleSmtpServer.Start(_port);
    }

    public void Dispose() => _smtp.Dispose();

    private async Task<WorkflowHost> StartAsync(bool email)
    {
        var host = await WorkflowHost.StartAsync(27.September(2024), extra: email
            ? new() { ["Notifications:Smtp:Host"] = "127.0.0.1", ["Notifications:Smtp:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Notifications:Smtp:From"] = "caseflow@county.example", ["Notifications:Smtp:Security"] = "None" }
            : null);
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var now = host.Clock.GetCurrentInstant();
        await Agencies.InsertAsync(connection, new Agency { Code = "county-gov", Name = "示范县人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
        foreach (var (name, role) in new[] { ("li.na", Roles.LegalAdviser), ("zhang.wei", Roles.Caseworker) })
            await Users.InsertAsync(connection, new UserAccount { Id = Guid.NewGuid().ToString(), UserName = name, DisplayName = name, AgencyCode = "county-gov", Role = role, PasswordHash = "x", CreatedAt = now });
        await NotificationStore.SetEmailAsync(connection, "li.na", "li.na@county.example");
        return host;
    }

    private async Task<IReadOnlyList<Notification>> InAppAsync(WorkflowHost host, string user)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await NotificationStore.ForUserAsync(connection, user, "county-gov");
    }

    private async Task WaitForEmailsAsync(int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (_smtp.ReceivedEmailCount < count && DateTime.UtcNow < until)
            await Task.Delay(20);
    }

    [Fact]
    public async Task The_caseworker_hears_when_an_adviser_gives_an_opinion_but_not_of_one_they_recorded_themselves()
    {
        await using var host = await StartAsync(email: false);
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        var consultation = A.Consultation(request.RequestId, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "li.na", "zhao.lawyer")
            with { Actor = "zhang.wei" };
        await host.SendAsync(consultation);

        RecordOpinion Opinion(string participant, string actor) => new()
        {
            RequestId = request.RequestId, Actor = actor, ConsultationId = consultation.ConsultationId, Participant = participant,
            Position = OpinionPosition.Agree, Reasoning = "无异议", ReceivedOn = 14.October(2024), FromPaper = actor != participant,
        };
        await host.SendAsync(Opinion("li.na", "li.na"));
        var heard = Assert.Single(await InAppAsync(host, "zhang.wei"));
        Assert.Equal("opinion-received", heard.Kind);
        Assert.Contains("意见已到", heard.TextZh);
        Assert.Contains("li.na", heard.TextZh);
        Assert.Equal($"/Requests/Details/{request.RequestId}", heard.Link);

        // The caseworker records the outside lawyer's letter himself: nobody needs telling.
        await host.SendAsync(Opinion("zhao.lawyer", "zhang.wei"));
        Assert.Single(await InAppAsync(host, "zhang.wei"));
    }

    [Fact]
    public async Task An_invitation_a_reminder_and_an_overdue_notice_reach_the_adviser_in_the_app_and_by_email()
    {
        await using var host = await StartAsync(email: true);
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        // zhao.lawyer is a name, not a user of the agency: no in-app notice, no e-mail.
        await host.SendAsync(A.Consultation(request.RequestId, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "li.na", "zhao.lawyer"));

        var invitation = Assert.Single(await InAppAsync(host, "li.na"));
        Assert.Equal("invitation", invitation.Kind);
        Assert.Contains("会商邀请", invitation.TextZh);
        Assert.Contains("2024年10月21日（星期一）", invitation.TextZh);
        await WaitForEmailsAsync(1);
        var mail = Assert.Single(_smtp.ReceivedEmail);
        Assert.Equal("li.na@county.example", mail.ToAddresses.Single().Address);
        Assert.Contains("会商邀请", mail.Subject);

        await host.AdvanceToAsync(17.October(2024));
        await host.AdvanceToAsync(22.October(2024));

        Assert.Equal(["overdue", "reminder", "invitation"], (await InAppAsync(host, "li.na")).Select(n => n.Kind));
        await WaitForEmailsAsync(3);
        Assert.Equal(3, _smtp.ReceivedEmailCount);
        // Each delivery is marked once its e-mail is sent (after the mail server accepted it).
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await InAppAsync(host, "li.na")).Any(n => n.EmailedAt is null) && DateTime.UtcNow < until)
            await Task.Delay(20);
        Assert.All(await InAppAsync(host, "li.na"), n => Assert.NotNull(n.EmailedAt));
        Assert.Empty(await InAppAsync(host, "zhao.lawyer"));
    }

    [Fact]
    public async Task Without_an_smtp_host_notices_stay_in_the_app()
    {
        await using var host = await StartAsync(email: false);
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));

        await host.SendAsync(A.Consultation(request.RequestId, ConsultationKind.ThirdParty, 14.October(2024)) with { Actor = "zhang.wei" });

        // An external consultation's notices go to the caseworker who follows it.
        var notice = Assert.Single(await InAppAsync(host, "zhang.wei"));
        Assert.Null(notice.EmailedAt);
        Assert.Equal(0, _smtp.ReceivedEmailCount);
    }
}
