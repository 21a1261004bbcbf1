using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;

namespace CaseFlow.Web.Security;

/// <summary>A sign-in cookie is honoured only while its user is as it was at sign-in: an account that is disabled,
/// moved to another agency or role, or whose password was changed or reset, is signed out on its next request.</summary>
public static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal?.FindFirstValue(CaseFlowClaims.SessionStamp);
        if (id is not null && stamp is not null)
        {
            var database = context.HttpContext.RequestServices.GetRequiredService<Database>();
            await using var connection = await database.OpenAsync();
            var user = await Users.FindAsync(connection, id);
            if (user is { Disabled: false } && CaseFlowClaims.StampOf(user) == stamp)
                return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
