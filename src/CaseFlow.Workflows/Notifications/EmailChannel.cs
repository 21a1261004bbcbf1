using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CaseFlow.Workflows.Notifications;

/// <summary>Settings of the e-mail channel (<c>Notifications:Smtp:</c>). The channel is off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "caseflow@localhost";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary><c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
}

/// <summary>A notice to send by e-mail.</summary>
public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>A way of delivering notices outside the app. Pluggable: the host registers one or none.</summary>
public interface IEmailChannel
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through an SMTP server with MailKit, one connection per batch of a notice.</summary>
public sealed class SmtpEmailChannel(SmtpOptions options) : IEmailChannel
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), options.Port, Enum.Parse<SecureSocketOptions>(options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(options.Username))
            await client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
