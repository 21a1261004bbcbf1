using System.Threading.RateLimiting;
using CaseFlow.Web.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseFlow.Web.Security;

/// <summary>The answer of a throttled request: <c>429</c> with <c>Retry-After</c>; ProblemDetails under <c>/api</c>, else
/// a styled page in the user's language that says when to try again and links back to where the user was (the page
/// itself for a GET, the page the form was on for a POST).</summary>
public static class TooManyRequests
{
    public static async ValueTask RespondAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lang = context.RequestServices.GetRequiredService<Lang>();
        var detail = lang[$"请求过于频繁，请在{seconds}秒后重试。", $"Too many requests; try again in {seconds} seconds."];
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: lang["请求过于频繁", "Too many requests"],
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds }).ExecuteAsync(context);
            return;
        }
        var back = HttpMethods.IsGet(context.Request.Method) ? context.Request.Path + context.Request.QueryString : SameSiteReferer(context) ?? context.Request.Path.ToString();
        static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!doctype html><html lang=\"{lang.Code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{E(lang["请求过于频繁", "Too many requests"])} · CaseFlow</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>"
            + $"<body><main class=\"too-many-requests\"><h1>{E(lang["请求过于频繁", "Too many requests"])}</h1>"
            + $"<p class=\"notice\" role=\"alert\">{E(detail)}</p>"
            + $"<p>{E(lang["为保护账户和申请人信息，同一地址在短时间内的操作次数有上限。您填写的内容未提交。", "To protect accounts and applicants' data, the number of attempts from one address is limited. What you entered was not submitted."])}</p>"
            + $"<p><a id=\"retry\" href=\"{E(back)}\">{E(lang[$"{seconds}秒后返回原页面重试", $"Back to the page to try again after {seconds} seconds"])}</a></p></main></body></html>",
            cancellationToken);
    }

    private static string? SameSiteReferer(HttpContext context) =>
        Uri.TryCreate(context.Request.Headers.Referer.ToString(), UriKind.Absolute, out var uri) && uri.Authority == context.Request.Host.Value ? uri.PathAndQuery : null;
}
