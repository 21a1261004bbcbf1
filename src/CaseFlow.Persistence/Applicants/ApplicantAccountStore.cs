using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Applicants;

/// <summary>A one-time code for the applicant's e-mail sign-in: kept only as its hash.</summary>
public sealed record EmailCode
{
    public required string Id { get; init; }
    /// <summary>Lower-case.</summary>
    public required string Email { get; init; }
    public required string CodeHash { get; init; }
    public required Instant CreatedAt { get; init; }
    public required Instant ExpiresAt { get; init; }
    public required int Attempts { get; init; }
    public Instant? UsedAt { get; init; }
}

public static class ApplicantAccountStore
{
    private const string Columns = "id, email, code_hash, created_at, expires_at, attempts, used_at";

    public const string InsertCode = $"INSERT INTO applicant_email_codes ({Columns}) VALUES (@Id, @Email, @CodeHash, @CreatedAt, @ExpiresAt, @Attempts, @UsedAt)";

    public const string SelectSince = $"SELECT {Columns} FROM applicant_email_codes WHERE email = @Email AND created_at > @Since";

    public const string SelectForEmail = $"SELECT {Columns} FROM applicant_email_codes WHERE email = @Email ORDER BY created_at DESC";

    public const string CountAttempt = "UPDATE applicant_email_codes SET attempts = attempts + 1 WHERE id = @Id";

    /// <summary>A code is used once, and only while it has tries left.</summary>
    public const string Use = "UPDATE applicant_email_codes SET used_at = @At WHERE id = @Id AND used_at IS NULL AND attempts < @MaxAttempts";

    public static Task InsertCodeAsync(DbConnection c, EmailCode code) => c.ExecuteAsync(InsertCode, code);

    public static async Task<IReadOnlyList<EmailCode>> CodesSinceAsync(DbConnection c, string email, Instant since) =>
        (await c.QueryAsync<EmailCode>(SelectSince, new { Email = email, Since = since })).ToList();

    public static async Task<EmailCode?> LatestCodeAsync(DbConnection c, string email) =>
        (await c.QueryAsync<EmailCode>(SelectForEmail, new { Email = email })).FirstOrDefault();

    public static Task CountAttemptAsync(DbConnection c, string id) => c.ExecuteAsync(CountAttempt, new { Id = id });

    public static Task<int> UseAsync(DbConnection c, string id, Instant at, int maxAttempts) => c.ExecuteAsync(Use, new { Id = id, At = at, MaxAttempts = maxAttempts });
}
