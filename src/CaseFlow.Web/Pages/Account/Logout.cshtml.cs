using System.Security.Claims;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Account;

/// <summary>Signing out ends the session server-side too: the user's session epoch moves on, so a copy of the cookie
/// taken before sign-out no longer matches its stamp (every session of the account ends).</summary>
public sealed class LogoutModel(Database database) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && User.FindFirstValue(CaseFlowClaims.SessionStamp) is not null)
        {
            await using var connection = await database.OpenAsync();
            await Users.EndSessionsAsync(connection, id);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/Account/Login");
    }
}
