using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Security.Claims;

namespace CaseFlow.Web.Pages.Account;

/// <summary>Any signed-in user changes their own password: the current one, then the new one twice. Other sessions of
/// the account end (their session stamp no longer matches); this one continues. The same page sets the user's own e-mail
/// address for notices (handler <c>Email</c>).</summary>
public sealed class PasswordModel(Database database, AdminTrail trail, Lang lang) : PageModel, IFormErrors
{
    public const int MinLength = PasswordPolicy.MinLength;
    /// <summary>The password was set by an administrator and must be changed before anything else.</summary>
    public bool MustChange => User.HasClaim(ForcedPasswordChange.Claim, "true");

    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    /// <summary>The refusal of the password form, next to the field it names (passwords themselves are never shown again).</summary>
    public (string Field, string Message)? Error { get; private set; }
    public string? ErrorFor(string field) => field == "email" ? EmailError : Error is { } e && e.Field == field ? e.Message : null;
    public bool Changed { get; private set; }

    [BindProperty] public string? Email { get; set; }
    public string? EmailError { get; private set; }
    public bool EmailChanged { get; private set; }
    public string? CurrentEmail { get; private set; }

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        CurrentEmail = (await Users.FindAsync(connection, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ""))?.Email;
    }

    /// <summary>The user's own notification address; empty removes it. Written to the administration trail.</summary>
    public async Task<IActionResult> OnPostEmailAsync()
    {
        await using var connection = await database.OpenAsync();
        var user = await Users.FindAsync(connection, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        if (user is null)
            return Forbid();
        CurrentEmail = user.Email;
        var (ok, address) = UserEmail.Parse(Email);
        if (!ok)
        {
            EmailError = lang["「电子邮箱」格式不正确（例如 li.na@county.gov.cn），不需要时请留空。", "E-mail is not a valid address (e.g. li.na@county.gov.cn); leave it empty for none."];
            return Page();
        }
        if (address != user.Email)
            await trail.ChangeAsync(AdminActions.UserChanged, user.UserName, $"email: {UserEmail.Masked(user.Email)} → {UserEmail.Masked(address)} (by the user)",
                (c, t) => Users.UpdateProfileAsync(c, user with { Email = address }, t));
        (CurrentEmail, EmailChanged) = (address, true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var connection = await database.OpenAsync();
        var user = await Users.FindAsync(connection, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        if (user is null)
            return Forbid();
        if (string.IsNullOrEmpty(Current) || !SignInService.Verify(user, Current))
            Error = ("current", lang["「当前密码」不正确。", "Current password is wrong."]);
        else if (PasswordPolicy.Check(New, user.UserName) is { } refused)
            Error = ("new", lang[refused.Zh, refused.En]);
        else if (New != Confirm)
            Error = ("confirm", lang["两次输入的「新密码」不一致。", "The new password and its confirmation differ."]);
        else if (New == Current)
            Error = ("new", lang["「新密码」不能与当前密码相同。", "The new password must differ from the current one."]);
        if (Error is not null)
        {
            CurrentEmail = user.Email;
            return Page();
        }

        var hash = SignInService.HashPassword(New!);
        await trail.ChangeAsync(AdminActions.PasswordChanged, user.UserName, "by the user", (c, t) => Users.UpdatePasswordAsync(c, user.Id, hash, t));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CaseFlowClaims.For(user with { PasswordHash = hash, MustChangePassword = false }, CookieAuthenticationDefaults.AuthenticationScheme));
        (Changed, CurrentEmail) = (true, user.Email);
        return Page();
    }
}
