using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseFlow.Web.Pages.Account;

[EnableRateLimiting(SecurityExtensions.PublicLimit)]
public sealed class LoginModel(SignInService signIn, Lang lang) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = lang["请填写「用户名」和「密码」。", "Enter the user name and the password."];
            return Page();
        }
        var (outcome, user) = await signIn.CheckAsync(UserName, Password);
        switch (outcome)
        {
            case SignInOutcome.WrongCredentials:
                Error = lang["用户名或密码不正确。", "Wrong user name or password."];
                return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CaseFlowClaims.For(user!, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
