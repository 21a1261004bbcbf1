using System.Text;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Workflows.Notifications;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>A text message to an applicant's phone.</summary>
public sealed record SmsMessage(string To, string Text);

/// <summary>Sends text messages. Pluggable: an installation registers its SMS vendor's sender; none is reachable from
/// here, so the default is <see cref="FileSmsSender"/>.</summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>The development sink: appends each message as one line to <c>sms.log</c> in <c>Notifications:Sms:Directory</c>
/// (default <c>.data/sms</c>). Nothing leaves the machine.</summary>
public sealed class FileSmsSender(IConfiguration configuration, IClock clock) : ISmsSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath => Path.Combine(configuration["Notifications:Sms:Directory"] is { Length: > 0 } d ? d : Path.Combine(".data", "sms"), "sms.log");

    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(FilePath, $"{clock.GetCurrentInstant()}\t{message.To}\t{message.Text.ReplaceLineEndings(" ")}\n", Encoding.UTF8, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>Notices to the applicant (confirmed, correction asked, letter available, closed): by e-mail through the SMTP
/// channel when the applicant gave an address and the channel is on, and by SMS. Returns where the notice went, for the
/// evidence of electronic service.</summary>
public sealed class ApplicantNotices(IServiceProvider services, ISmsSender sms, ILogger<ApplicantNotices> logger)
{
    public async Task<string?> SendAsync(ApplicantAccess access, string subject, string body, CancellationToken cancellationToken = default)
    {
        var sent = new List<string>();
        var text = $"{body}\n\n受理编号：{access.TrackingNumber}。请凭受理编号和查询码在“我的申请”查看。";
        if (access.Email is { Length: > 0 } email && services.GetService<IEmailChannel>() is { } channel)
        {
            await channel.SendAsync(new EmailMessage(email, subject, text), cancellationToken);
            sent.Add($"e-mail {email}");
        }
        await sms.SendAsync(new SmsMessage(access.Phone, $"【政府信息公开】{subject}。受理编号{access.TrackingNumber}。"), cancellationToken);
        sent.Add($"SMS {Requests.Masking.Phone(access.Phone)}");
        logger.LogInformation("Applicant notice {Subject} for {TrackingNumber}", subject, access.TrackingNumber);
        return string.Join("; ", sent);
    }
}
