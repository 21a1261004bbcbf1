using System.Security.Cryptography;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using NodaTime;

namespace CaseFlow.Web.Api;

/// <summary>Marks an API write that honours the <c>Idempotency-Key</c> header.</summary>
public sealed class IdempotentWrite;

/// <summary><c>Idempotency-Key</c> on <c>POST /api/requests</c> and <c>POST /api/requests/{id}/{action}</c>: the first
/// call with a key claims it (table <c>idempotency_keys</c>, migration 0021) and its answer is kept with it; a repeat with
/// the same key and the same request answers that first answer (header <c>Idempotent-Replayed: true</c>) without running
/// again, so it writes nothing. Keys are scoped per caller (agency and audit actor), at most 100 characters, and kept for
/// <c>Api:IdempotencyRetention</c> (default 24 hours). The same key with a different request is <c>422</c>; a repeat while
/// the first call still runs is <c>409</c> with <c>Retry-After</c>. A first call that failed with a server error (5xx) or
/// was throttled (429) releases its key, so it can be tried again.</summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public static IApplicationBuilder UseCaseFlowIdempotency(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentWrite>() is null
            || context.User.Identity?.IsAuthenticated != true || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next();
            return;
        }
        var english = context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [Header] = [english ? $"{Header} must be 1–{MaxKeyLength} printable characters." : $"「{Header}」须为1–{MaxKeyLength}个可打印字符。"],
            }).ExecuteAsync(context);
            return;
        }
        var caller = $"{context.User.AgencyCode()}/{context.User.Actor()}";
        if (caller.Length > 200)
            caller = caller[..200];
        context.Request.EnableBuffering();
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(System.Text.Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            hasher.AppendData(chunk, 0, read);
        context.Request.Body.Position = 0;
        var hash = Convert.ToHexStringLower(hasher.GetHashAndReset());

        var database = context.RequestServices.GetRequiredService<Database>();
        var now = context.RequestServices.GetRequiredService<IClock>().GetCurrentInstant();
        var retention = context.RequestServices.GetRequiredService<IConfiguration>().GetValue<TimeSpan?>("Api:IdempotencyRetention") ?? TimeSpan.FromHours(24);
        bool claimed;
        await using (var connection = await database.OpenAsync(context.RequestAborted))
        {
            claimed = await IdempotencyKeys.TryClaimAsync(connection,
                new IdempotencyRecord { Caller = caller, IdemKey = key, RequestHash = hash, CreatedAt = now }, now - Duration.FromTimeSpan(retention));
            if (!claimed)
            {
                await ReplayAsync(context, await IdempotencyKeys.FindAsync(connection, caller, key), hash, english);
                return;
            }
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        catch
        {
            context.Response.Body = original;
            await ReleaseAsync(database, caller, key);
            throw;
        }
        context.Response.Body = original;
        var status = context.Response.StatusCode;
        await using (var connection = await database.OpenAsync())
        {
            if (status >= 500 || status == StatusCodes.Status429TooManyRequests)
                await IdempotencyKeys.ReleaseAsync(connection, caller, key);
            else
                await IdempotencyKeys.CompleteAsync(connection, caller, key, status, context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                    System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    });

    private static async Task ReleaseAsync(Database database, string caller, string key)
    {
        await using var connection = await database.OpenAsync();
        await IdempotencyKeys.ReleaseAsync(connection, caller, key);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord? first, string hash, bool english)
    {
        if (first is null || first.StatusCode is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(english ? "The first call with this Idempotency-Key is still running; ask again shortly." : "使用此幂等键的第一次调用仍在处理中，请稍后再试。",
                statusCode: StatusCodes.Status409Conflict, title: english ? "In progress" : "正在处理").ExecuteAsync(context);
            return;
        }
        if (first.RequestHash != hash)
        {
            await Results.Problem(english ? "This Idempotency-Key was used for a different request." : "此幂等键已用于另一个不同的请求。",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: english ? "Idempotency-Key reused" : "幂等键重复使用").ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = first.StatusCode.Value;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (first.Location is { } location)
            context.Response.Headers.Location = location;
        if (!string.IsNullOrEmpty(first.ResponseBody))
        {
            context.Response.ContentType = first.StatusCode >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
            await context.Response.WriteAsync(first.ResponseBody);
        }
    }
}
