using Microsoft.AspNetCore.DataProtection;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>After the tracking number and access code are given on /My, the request they opened is remembered for 30
/// minutes in a protected, HTTP-only, same-site cookie limited to /My (no staff session, no account).</summary>
public sealed class ApplicantSession(IDataProtectionProvider protection, IHttpContextAccessor http, IClock clock)
{
    public const string CookieName = "caseflow-applicant";
    private static readonly Duration Lifetime = Duration.FromMinutes(30);
    private readonly IDataProtector _protector = protection.CreateProtector("CaseFlow.ApplicantSession.v1");

    public void Start(Guid requestId)
    {
        var context = http.HttpContext!;
        var expires = clock.GetCurrentInstant() + Lifetime;
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{requestId:N}|{expires.ToUnixTimeSeconds()}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/My", IsEssential = true,
        });
    }

    public Guid? Current()
    {
        if (http.HttpContext?.Request.Cookies[CookieName] is not { Length: > 0 } value)
            return null;
        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) && long.TryParse(parts[1], out var expires)
                   && Instant.FromUnixTimeSeconds(expires) > clock.GetCurrentInstant() ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void End() => http.HttpContext!.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/My" });
}
