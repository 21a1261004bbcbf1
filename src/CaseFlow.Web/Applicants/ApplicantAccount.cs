using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.Notifications;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>The optional applicant account (issue 18 item 2): when the installation or an agency turns
/// <see cref="ApplicantAgencySettings.EmailAccount"/> on, an applicant signs in on /My with their e-mail and a 6-digit
/// one-time code sent through the SMTP channel, and sees every request filed with that address at such an agency
/// without typing access codes.</summary>
/// <remarks>A code is random (cryptographic generator), kept only as a salted SHA-256 hash, valid for
/// <see cref="CodeLifetime"/>, used once, and refused after <see cref="MaxAttempts"/> wrong tries. Sending is limited per
/// address (<see cref="MinInterval"/> between codes, <see cref="MaxCodesPerHour"/> an hour) and per client by the page's
/// rate limiter. The answer to "send me a code" is the same whether or not the address filed anything, and the mail
/// leaves in the background, so neither the words nor the time taken tell an address that filed from one that did not
/// (a code row is stored for every address asked, so the limits behave alike too).</remarks>
public sealed class ApplicantAccount(
    Database database, ApplicantSettings settings, IServiceProvider services, IDataProtectionProvider protection, IHttpContextAccessor http,
    IClock clock, ILogger<ApplicantAccount> logger)
{
    public const string CookieName = "caseflow-applicant-account";
    public const int CodeDigits = 6;
    public const int MaxAttempts = 5;
    public const int MaxCodesPerHour = 5;
    public const int MaxEmailLength = 254;
    public static readonly Duration CodeLifetime = Duration.FromMinutes(10);
    public static readonly Duration MinInterval = Duration.FromSeconds(60);
    private static readonly Duration SessionLifetime = Duration.FromMinutes(30);
    private readonly IDataProtector _protector = protection.CreateProtector("CaseFlow.ApplicantAccount.v1");

    public enum SendResult { Sent, TooSoon }

    /// <summary>The e-mail sign-in is offered when the SMTP channel is on and the installation or an agency turns it on.</summary>
    public async Task<bool> OfferedAsync() => services.GetService<IEmailChannel>() is not null && await settings.EmailSignInOfferedAsync();

    /// <summary>Lower-case, trimmed; null when it is not an e-mail address.</summary>
    public static string? Normalise(string? email)
    {
        var text = email?.Trim();
        if (text is null || text.Length is 0 or > MaxEmailLength || !text.Contains('@'))
            return null;
        try
        {
            return new MailAddress(text).Address == text ? text.ToLowerInvariant() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(string id, string email, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}|{email}|{code}")));

    /// <summary>Stores a new code for the address and, when it filed a request at an agency with the account on, mails it.
    /// The caller shows the same words either way.</summary>
    public async Task<SendResult> SendCodeAsync(string email)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        var recent = await ApplicantAccountStore.CodesSinceAsync(connection, email, now - Duration.FromHours(1));
        if (recent.Count >= MaxCodesPerHour || recent.Any(c => c.CreatedAt > now - MinInterval))
            return SendResult.TooSoon;
        var id = Guid.NewGuid().ToString();
        var code = NewCode();
        await ApplicantAccountStore.InsertCodeAsync(connection, new EmailCode
        {
            Id = id, Email = email, CodeHash = Hash(id, email, code), CreatedAt = now, ExpiresAt = now + CodeLifetime, Attempts = 0,
        });
        if ((await RequestsAsync(email)).Count > 0 && services.GetService<IEmailChannel>() is { } channel)
        {
            var message = new EmailMessage(email, $"“我的申请”登录验证码 {code}",
                $"您的验证码是 {code}，{(int)CodeLifetime.TotalMinutes}分钟内有效，只能使用一次。\n如非本人操作，请忽略本邮件。");
            // In the background: the answer takes as long for an address that filed nothing.
            _ = Task.Run(async () =>
            {
                try
                {
                    await channel.SendAsync(message, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The applicant sign-in code could not be sent");
                }
            });
        }
        return SendResult.Sent;
    }

    /// <summary>Checks the code against the address's newest unused code; on success uses it up and starts the account
    /// session. False for a wrong, expired, used or exhausted code alike.</summary>
    public async Task<bool> VerifyAsync(string email, string? code)
    {
        var given = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        var latest = await ApplicantAccountStore.LatestCodeAsync(connection, email);
        if (latest is null || latest.UsedAt is not null || latest.ExpiresAt <= now || latest.Attempts >= MaxAttempts)
            return false;
        var matches = given.Length == CodeDigits && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(latest.Id, email, given)), Encoding.ASCII.GetBytes(latest.CodeHash));
        if (!matches)
        {
            await ApplicantAccountStore.CountAttemptAsync(connection, latest.Id);
            return false;
        }
        // Used once: of two tries with the same code only one marks it.
        if (await ApplicantAccountStore.UseAsync(connection, latest.Id, now, MaxAttempts) != 1)
            return false;
        Start(email);
        return true;
    }

    /// <summary>The requests filed with the address at agencies whose e-mail account is on, newest first.</summary>
    public async Task<IReadOnlyList<ApplicantAccess>> RequestsAsync(string email)
    {
        var on = await settings.EmailAccountAgenciesAsync();
        await using var connection = await database.OpenAsync();
        return (await ApplicantStore.AccessByEmailAsync(connection, email)).Where(a => on(a.AgencyCode)).ToList();
    }

    private void Start(string email)
    {
        var context = http.HttpContext!;
        var expires = clock.GetCurrentInstant() + SessionLifetime;
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{expires.ToUnixTimeSeconds()}|{email}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/My", IsEssential = true,
        });
    }

    /// <summary>The signed-in address, or null (no cookie, tampered, expired).</summary>
    public string? Current()
    {
        if (http.HttpContext?.Request.Cookies[CookieName] is not { Length: > 0 } value)
            return null;
        try
        {
            var text = _protector.Unprotect(value);
            var bar = text.IndexOf('|');
            return bar > 0 && long.TryParse(text[..bar], out var expires) && Instant.FromUnixTimeSeconds(expires) > clock.GetCurrentInstant()
                ? text[(bar + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void End() => http.HttpContext!.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/My" });
}
