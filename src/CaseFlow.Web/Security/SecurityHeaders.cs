namespace CaseFlow.Web.Security;

/// <summary>The headers every response carries (README, "Security"): a Content-Security-Policy that allows no inline
/// script and no framing, nosniff, a same-origin referrer, HSTS when served over HTTPS, and <c>no-store</c> on every
/// response that does not declare its own caching (pages, API answers, attachments, case files and exports all hold
/// personal data; only the static files under wwwroot are cacheable).</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseCaseFlowSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Request.IsHttps)
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                if (string.IsNullOrEmpty(headers.CacheControl))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
