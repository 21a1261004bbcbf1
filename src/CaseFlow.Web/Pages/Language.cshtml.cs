using CaseFlow.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages;

/// <summary>Switches the reading language (a cookie for a year) and goes back to the page.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnPost(string? lang, string? returnUrl)
    {
        Response.Cookies.Append(Lang.Cookie, lang == "en" ? "en" : "zh",
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
