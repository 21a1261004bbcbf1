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
/// the account end (their session stamp no longer matches); this one continues.</summary>
public sealed class PasswordModel(Database database, AdminTrail trail, Lang lang) : PageModel
{
    public const int MinLength = 10;

    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public string? Error { get; private set; }
    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var connection = await database.OpenAsync();
        var user = await Users.FindAsync(connection, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        if (user is null)
            return Forbid();
        if (string.IsNullOrEmpty(Current) || !SignInService.Verify(user, Current))
            Error = lang["「当前密码」不正确。", "Current password is wrong."];
        else if (string.IsNullOrEmpty(New) || New.Length < MinLength)
            Error = lang[$"「新密码」至少{MinLength}位。", $"New password must have at least {MinLength} characters."];
        else if (New != Confirm)
            Error = lang["两次输入的「新密码」不一致。", "The new password and its confirmation differ."];
        else if (New == Current)
            Error = lang["「新密码」不能与当前密码相同。", "The new password must differ from the current one."];
        if (Error is not null)
            return Page();

        var hash = SignInService.HashPassword(New!);
        await trail.ChangeAsync(AdminActions.PasswordChanged, user.UserName, "by the user", (c, t) => Users.UpdatePasswordAsync(c, user.Id, hash, t));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CaseFlowClaims.For(user with { PasswordHash = hash }, CookieAuthenticationDefaults.AuthenticationScheme));
        Changed = true;
        return Page();
    }
}
