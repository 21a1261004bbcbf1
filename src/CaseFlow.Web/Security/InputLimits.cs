using CaseFlow.Web.Infrastructure;

namespace CaseFlow.Web.Security;

/// <summary>A ceiling on every posted form field, pages and API alike, checked before any page, antiforgery check or
/// handler reads the form: a value longer than <see cref="MaxFormValueChars"/> characters is refused with 400 naming the
/// field (ProblemDetails under <c>/api</c>, a Chinese page with a way back elsewhere) and nothing is stored. Each field's
/// own limit (names 200, descriptions and letter fields 4,000 …) is checked by its validator below this ceiling;
/// JSON bodies are bounded by the same validators (<c>CommandValidation</c>, the letter desk).</summary>
public static class InputLimits
{
    public const int MaxFormValueChars = 20_000;

    public static IApplicationBuilder UseCaseFlowInputLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && request.HasFormContentType)
        {
            string? field;
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                field = form.FirstOrDefault(f => f.Value.Any(v => v is { Length: > MaxFormValueChars })).Key;
            }
            catch (InvalidDataException)
            {
                // Beyond the framework's own form limits (FormOptions): refused as a whole.
                field = "form";
            }
            if (field is not null)
            {
                await RefuseAsync(context, field);
                return;
            }
        }
        await next();
    });

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static async Task RefuseAsync(HttpContext context, string field)
    {
        var lang = context.RequestServices.GetRequiredService<Lang>();
        var message = lang[$"「{field}」过长（最多{MaxFormValueChars}个字），未保存。", $"{field} is too long (at most {MaxFormValueChars} characters); nothing was saved."];
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }).ExecuteAsync(context);
            return;
        }
        var referer = context.Request.Headers.Referer.ToString();
        var back = Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Authority == context.Request.Host.Value ? uri.PathAndQuery : "/";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<!doctype html><html lang=\"{lang.Code}\"><meta charset=\"utf-8\"><title>400</title><link rel=\"stylesheet\" href=\"/css/site.css\">"
            + $"<main class=\"container\"><h1>{E(lang["输入过长", "Input too long"])}</h1><p class=\"error\" role=\"alert\">{E(message)}</p>"
            + $"<p><a href=\"{E(back)}\">{E(lang["返回修改", "Go back and edit"])}</a></p></main></html>");
    }
}
