using System.Security.Claims;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Security;

/// <summary>Who is signed in: a user of one agency with one role, or an integrator's API key scoped to one agency.</summary>
public static class CaseFlowClaims
{
    public const string Agency = "caseflow:agency";
    public const string DisplayName = "caseflow:display-name";
    /// <summary>What the session was granted on: a changed password, role, agency or a disabled account ends it.</summary>
    public const string SessionStamp = "caseflow:session-stamp";

    public static ClaimsPrincipal For(UserAccount user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id),
        new Claim(ClaimTypes.Name, user.UserName),
        new Claim(ClaimTypes.Role, user.Role),
        new Claim(Agency, user.AgencyCode),
        new Claim(DisplayName, user.DisplayName),
        new Claim(SessionStamp, StampOf(user)),
        new Claim(ForcedPasswordChange.Claim, user.MustChangePassword ? "true" : "false"),
    ], scheme));

    /// <summary>A digest of what a session depends on; never the hash itself.</summary>
    public static string StampOf(UserAccount user) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{user.PasswordHash}|{user.Role}|{user.AgencyCode}|{user.Disabled}|{user.SessionEpoch}")))[..16];

    /// <summary>An API key acts as a caseworker of its agency; its audit actor is <c>api:&lt;key name&gt;</c>.</summary>
    public static ClaimsPrincipal For(ApiKey key, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, key.Id),
        new Claim(ClaimTypes.Name, $"api:{key.Name}"),
        new Claim(ClaimTypes.Role, Roles.Caseworker),
        new Claim(Agency, key.AgencyCode),
        new Claim(DisplayName, key.Name),
    ], scheme));

    public static string AgencyCode(this ClaimsPrincipal user) =>
        user.FindFirstValue(Agency) ?? throw new InvalidOperationException("The signed-in principal has no agency.");

    public static string Actor(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The signed-in principal has no name.");

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";
}

/// <summary>The authorisation policies; every page folder and API group names one of them.</summary>
public static class Policies
{
    /// <summary>Register and process requests: caseworkers and supervisors (and integrators' keys).</summary>
    public const string Casework = "casework";
    /// <summary>Approve extensions, follow up, publish the report.</summary>
    public const string Supervision = "supervision";
    /// <summary>Agencies, users, API keys, calendars.</summary>
    public const string Administration = "administration";
    /// <summary>Consultations that ask the user: a legal adviser's invitations; for caseworkers, legal advisers and
    /// supervisors, consultations other agencies of the installation address to their agency or invite them to (issue 17
    /// item 2). The pages filter by user and agency: nothing else is found.</summary>
    public const string Advice = "advice";
    /// <summary>审核/签发: the review queue and review decisions (caseworkers for 科室审核, legal advisers for 法律审核,
    /// supervisors for 签发); each step checks who may take it.</summary>
    public const string Review = "review";
    /// <summary>The agency's settings (审核/签发, the applicant's side): its supervisors, and administrators for any agency.</summary>
    public const string AgencySettings = "agency-settings";
}
