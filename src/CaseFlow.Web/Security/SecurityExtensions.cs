using System.Threading.RateLimiting;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace CaseFlow.Web.Security;

public static class SecurityExtensions
{
    /// <summary>The rate limit of the public status lookup and of sign-in, per client address.</summary>
    public const string PublicLimit = "public";

    /// <summary>The rate limit of the public applicant API (<c>/api/public/…</c>), every method, per client address.</summary>
    public const string PublicApiLimit = "public-api";

    /// <summary>Cookie sign-in for people, API keys for integrators, one policy per kind of work, and a fallback that
    /// makes every endpoint without a declared policy require a signed-in user.</summary>
    public static IServiceCollection AddCaseFlowSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        // Several web nodes must share the keys that protect cookies and antiforgery tokens (DataProtection:KeysDirectory).
        var protection = services.AddDataProtection().SetApplicationName("CaseFlow");
        if (configuration["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddScoped<SignInService>();
        services.AddScoped<AdminTrail>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "CaseFlow";
                o.DefaultChallengeScheme = "CaseFlow";
            })
            .AddPolicyScheme("CaseFlow", "Cookie or API key", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthentication.KeyOf(context.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.SchemeName)
            .AddCookie(o =>
            {
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                o.AccessDeniedPath = "/Account/Denied";
                o.Cookie.Name = "caseflow-auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                // The API answers 401/403 as ProblemDetails, never with a redirect to the sign-in page.
                o.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Casework, p => p.RequireRole(Roles.Caseworker, Roles.Supervisor))
            .AddPolicy(Policies.Supervision, p => p.RequireRole(Roles.Supervisor))
            .AddPolicy(Policies.Administration, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.Advice, p => p.RequireRole(Roles.LegalAdviser, Roles.Caseworker, Roles.Supervisor))
            .AddPolicy(Policies.Review, p => p.RequireRole(Roles.Caseworker, Roles.Supervisor, Roles.LegalAdviser))
            .AddPolicy(Policies.AgencySettings, p => p.RequireRole(Roles.Supervisor, Roles.Administrator));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = TooManyRequests.RespondAsync;
            // The global ceiling: RateLimits:GlobalPerMinute (default 1,200) requests of any kind per minute per client
            // address (static files are served before the limiter and not counted).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:GlobalPerMinute", 1200);
                return RateLimitPartition.GetFixedWindowLimiter($"all|{context.Connection.RemoteIpAddress}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            // RateLimits:PublicPerMinute (default 10) attempts per minute per client address and page; GETs are free.
            o.AddPolicy(PublicLimit, context =>
            {
                if (HttpMethods.IsGet(context.Request.Method))
                    return RateLimitPartition.GetNoLimiter("get");
                var limit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimits:PublicPerMinute", 10);
                return RateLimitPartition.GetFixedWindowLimiter(
                    $"{context.Connection.RemoteIpAddress}|{NormalisedRoute(context.Request.Path)}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            // RateLimits:PublicApiPerMinute (default three times PublicPerMinute) calls per minute per client address, GETs included.
            o.AddPolicy(PublicApiLimit, context =>
            {
                var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
                var limit = configuration.GetValue<int?>("RateLimits:PublicApiPerMinute") ?? 3 * configuration.GetValue("RateLimits:PublicPerMinute", 10);
                return RateLimitPartition.GetFixedWindowLimiter($"api|{context.Connection.RemoteIpAddress}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    /// <summary>The bucket of a path: routing ignores case and a trailing slash, so <c>/status</c>, <c>/STATUS</c> and
    /// <c>/Status/</c> are one route and share one limit.</summary>
    public static string NormalisedRoute(PathString path) => (path.Value ?? "/").TrimEnd('/').ToLowerInvariant();

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status).ExecuteAsync(context.HttpContext);
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
