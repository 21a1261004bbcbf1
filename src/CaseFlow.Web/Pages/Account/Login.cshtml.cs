using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseFlow.Web.Pages.Account;

[EnableRateLimiting(SecurityExtensions.PublicLimit)]
public sealed class LoginModel(SignInService signIn, Lang lang) : PageModel, IFormErrors
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The refusal, next to the field it names; wrong credentials are shown at the password, never saying which
    /// of the two was wrong.</summary>
    public FormErrors Errors { get; } = new();
    public string? ErrorFor(string field) => Errors[field];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName))
            Errors.Add("userName", lang["请填写「用户名」。", "Enter the user name."]);
        if (string.IsNullOrEmpty(Password))
            Errors.Add("password", lang["请填写「密码」。", "Enter the password."]);
        if (Errors.Any)
            return Page();
        var (outcome, user) = await signIn.CheckAsync(UserName!, Password!);
        switch (outcome)
        {
            case SignInOutcome.WrongCredentials:
                Errors.Add("password", lang["用户名或密码不正确。", "Wrong user name or password."]);
                return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CaseFlowClaims.For(user!, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
