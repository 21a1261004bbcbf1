using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>A first answer kept under its caller's idempotency key: <see cref="StatusCode"/> is null while the first
/// call is still running.</summary>
public sealed record IdempotencyRecord
{
    public required string Caller { get; init; }
    public required string IdemKey { get; init; }
    public required string RequestHash { get; init; }
    public int? StatusCode { get; init; }
    public string? Location { get; init; }
    public string? ResponseBody { get; init; }
    public Instant CreatedAt { get; init; }
}

/// <summary>Idempotency keys of the API's writes (migration 0021): claimed before the write runs, completed with its
/// answer, released when it failed with a server error so the caller can try again.</summary>
public static class IdempotencyKeys
{
    public const string InsertSql =
        "INSERT INTO idempotency_keys (caller, idem_key, request_hash, status_code, location, response_body, created_at) VALUES (@Caller, @IdemKey, @RequestHash, NULL, NULL, NULL, @CreatedAt)";
    public const string FindSql =
        "SELECT caller AS Caller, idem_key AS IdemKey, request_hash AS RequestHash, status_code AS StatusCode, location AS Location, response_body AS ResponseBody, created_at AS CreatedAt FROM idempotency_keys WHERE caller = @Caller AND idem_key = @IdemKey";
    public const string CompleteSql =
        "UPDATE idempotency_keys SET status_code = @StatusCode, location = @Location, response_body = @ResponseBody WHERE caller = @Caller AND idem_key = @IdemKey";
    public const string ReleaseSql = "DELETE FROM idempotency_keys WHERE caller = @Caller AND idem_key = @IdemKey";
    public const string PruneSql = "DELETE FROM idempotency_keys WHERE caller = @Caller AND created_at < @Before";

    /// <summary>Claims the key for a first call (true), or finds it already claimed (false). Expired keys of the caller
    /// are deleted first (retention), so a key may be used again after the retention.</summary>
    public static async Task<bool> TryClaimAsync(DbConnection connection, IdempotencyRecord record, Instant expiredBefore)
    {
        await connection.ExecuteAsync(PruneSql, new { record.Caller, Before = expiredBefore });
        try
        {
            await connection.ExecuteAsync(InsertSql, new { record.Caller, record.IdemKey, record.RequestHash, record.CreatedAt });
            return true;
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public static Task<IdempotencyRecord?> FindAsync(DbConnection connection, string caller, string key) =>
        connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(FindSql, new { Caller = caller, IdemKey = key });

    public static Task CompleteAsync(DbConnection connection, string caller, string key, int statusCode, string? location, string? body) =>
        connection.ExecuteAsync(CompleteSql, new { Caller = caller, IdemKey = key, StatusCode = statusCode, Location = location, ResponseBody = body });

    public static Task ReleaseAsync(DbConnection connection, string caller, string key) =>
        connection.ExecuteAsync(ReleaseSql, new { Caller = caller, IdemKey = key });
}
