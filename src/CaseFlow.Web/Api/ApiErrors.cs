using CaseFlow.Persistence;
using CaseFlow.Web.Infrastructure;
using MassTransit;

namespace CaseFlow.Web.Api;

/// <summary>Every error under <c>/api</c> is ProblemDetails (<c>application/problem+json</c>), an unhandled exception
/// included (500, with the trace id and no stack trace; the exception is logged). While the database or the message
/// broker cannot be reached, the answer is <c>503</c> with <c>Retry-After</c> (pages get a Chinese page with the same
/// status): a database error that <see cref="DbErrors.IsTransient"/> calls transient or a broker connection error, and
/// any API write while the bus reports itself unhealthy (answered at once instead of after the command timeout).</summary>
public static class ApiErrors
{
    public const int RetryAfterSeconds = 10;

    public static IApplicationBuilder UseCaseFlowApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var api = context.Request.Path.StartsWithSegments("/api");
        if (api && HttpMethods.IsPost(context.Request.Method)
            && context.RequestServices.GetService<IBusControl>()?.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            await UnavailableAsync(context, api, broker: true);
            return;
        }
        try
        {
            await next();
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && (api || IsUnavailable(e)))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!);
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            if (IsUnavailable(e))
                await UnavailableAsync(context, api, broker: !DbErrors.IsTransient(e));
            else
                await Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: English(context) ? "The request failed." : "请求未能完成。",
                    extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier }).ExecuteAsync(context);
        }
    });

    private static bool English(HttpContext context) =>
        context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static bool IsUnavailable(Exception e) => DbErrors.IsTransient(e) || IsBroker(e);

    private static bool IsBroker(Exception e) =>
        e is MassTransit.ConnectionException || e.GetType().Namespace?.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) == true
        || e.InnerException is { } inner && IsBroker(inner);

    private static async Task UnavailableAsync(HttpContext context, bool api, bool broker)
    {
        var lang = context.RequestServices.GetRequiredService<Lang>();
        var what = broker ? lang["消息总线", "The message broker"] : lang["数据库", "The database"];
        var detail = lang[$"{what}暂时不可用，请在{RetryAfterSeconds}秒后重试；未保存任何内容。", $"{what} is unavailable; try again in {RetryAfterSeconds} seconds. Nothing was saved."];
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (api)
        {
            await Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: lang["服务暂时不可用", "Service unavailable"]).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<!doctype html><html lang=\"{lang.Code}\"><meta charset=\"utf-8\"><title>503</title><link rel=\"stylesheet\" href=\"/css/site.css\">"
            + $"<main><h1>{System.Net.WebUtility.HtmlEncode(lang["服务暂时不可用", "Service unavailable"])}</h1><p role=\"alert\">{System.Net.WebUtility.HtmlEncode(detail)}</p>"
            + $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(context.Request.Path + context.Request.QueryString)}\">{System.Net.WebUtility.HtmlEncode(lang["重试", "Try again"])}</a></p></main></html>");
    }
}
