namespace CaseFlow.Web.Security;

/// <summary>The password policy, applied wherever a user chooses a password: at least <see cref="MinLength"/>
/// characters of at least three kinds (lower-case, upper-case, digits, other), not containing the user name, and not
/// one of a shipped list of common passwords (compared ignoring case, digits and symbols at the ends stripped).
/// Passwords an administrator sets are generated (<see cref="Setup.FirstRun.NewPassword"/>) and must be changed.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;

    /// <summary>Common passwords and their stems (lists of leaked passwords; a small shipped sample).</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "1q2w3e4r",
        "1q2w3e4r5t", "qazwsx", "abc123", "abcd1234", "admin", "administrator", "welcome", "letmein", "iloveyou", "monkey",
        "dragon", "master", "sunshine", "princess", "football", "baseball", "superman", "trustno1", "changeme", "default",
        "woaini", "woaini1314", "caseflow", "zhang", "wang", "li", "liu", "chen", "china", "beijing", "shanghai", "gov",
        "123456", "12345678", "123456789", "1234567890", "0123456789", "987654321", "111111", "000000", "888888", "666666",
        "123123", "654321", "5201314", "1314520", "aaaaaa", "abcdef", "abcdefg", "test", "guest", "user", "root",
    };

    /// <summary>Null when acceptable, else the reason in Chinese and English.</summary>
    public static (string Zh, string En)? Check(string? password, string userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return ($"「新密码」至少{MinLength}位。", $"New password must have at least {MinLength} characters.");
        if (password.Length > 128)
            return ("「新密码」不能超过128位。", "New password must be at most 128 characters.");
        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(k => k);
        if (kinds < 3)
            return ("「新密码」须包含小写字母、大写字母、数字、符号中的至少三类。", "New password must mix at least three of: lower-case, upper-case, digits, symbols.");
        if (userName.Length > 0 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            return ("「新密码」不能包含用户名。", "New password must not contain the user name.");
        var stem = password.Trim("0123456789!@#$%^&*()-_=+.,;:?~ ".ToCharArray());
        if (Common.Contains(password) || Common.Contains(stem) || password.Distinct().Count() <= 3)
            return ("「新密码」过于常见或简单，请换一个。", "New password is too common or simple; choose another.");
        return null;
    }
}

/// <summary>While a session's password was set by an administrator, only the password page, sign-out and static
/// files are reachable: pages redirect to /Account/Password, the API answers 403 ProblemDetails.</summary>
public static class ForcedPasswordChange
{
    public const string Claim = "caseflow:must-change-password";

    public static IApplicationBuilder UseCaseFlowForcedPasswordChange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(Claim, "true")
            && !path.StartsWithSegments("/Account/Password", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 403, Title = "Password change required",
                    Detail = "The password was set by an administrator; change it at /Account/Password first.",
                }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
                return;
            }
            context.Response.Redirect("/Account/Password");
            return;
        }
        await next();
    });
}
