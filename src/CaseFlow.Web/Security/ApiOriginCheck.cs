namespace CaseFlow.Web.Security;

/// <summary>A write to the API that rides on the sign-in cookie must come from a CaseFlow page: a browser names the
/// page's origin in <c>Origin</c> (or <c>Referer</c>) on every POST, so a write from another site
/// (<c>Origin: http://evil.example</c>, a JSON or multipart form) is refused with 403 before it reaches an endpoint.
/// Integrators' writes carry an API key instead of the cookie and are not affected.</summary>
public static class ApiOriginCheck
{
    public static IApplicationBuilder UseCaseFlowApiOriginCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && !HttpMethods.IsOptions(request.Method) && ApiKeyAuthentication.KeyOf(request) is null && !IsSameOrigin(request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                    detail: "A cookie-authenticated API write must come from this site (Origin).").ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>True when the request names no other origin: <c>Origin</c>, else <c>Referer</c>, is this host; a
    /// request naming neither did not come from a web page.</summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host}";
        if (request.Headers.Origin is [{ } origin, ..] && !string.IsNullOrEmpty(origin))
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
        if (request.Headers.Referer is [{ } referer, ..] && Uri.TryCreate(referer, UriKind.Absolute, out var uri))
            return string.Equals(uri.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase);
        return !string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase);
    }
}
