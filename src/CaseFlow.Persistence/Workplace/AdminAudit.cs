using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>One change made in the administration, or a sign-in lockout.</summary>
public sealed record AdminAuditEntry
{
    public long Id { get; init; }
    public required Instant OccurredAt { get; init; }
    /// <summary>The administrator's user name, or the locked user's for a lockout.</summary>
    public required string Actor { get; init; }
    /// <summary>What was done, e.g. <c>user-created</c>; see <see cref="AdminActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>The agency code, user name or API key name it was done to.</summary>
    public required string Subject { get; init; }
    /// <summary>What changed, in words; never a password, key or hash.</summary>
    public required string Details { get; init; }
}

public static class AdminActions
{
    public const string AgencyCreated = "agency-created";
    public const string AgencyChanged = "agency-changed";
    public const string UserCreated = "user-created";
    public const string UserChanged = "user-changed";
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    public const string ApiKeyCreated = "api-key-created";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string SignInLocked = "sign-in-locked";
    public const string LetterPrefixChanged = "letter-prefix-changed";
    public const string ReviewSettingsChanged = "review-settings-changed";
    public const string ApplicantSettingsChanged = "applicant-settings-changed";
}

/// <summary>The administration trail: append-only (the database refuses UPDATE and DELETE), written in the same
/// transaction as the change it records.</summary>
public static class AdminAudit
{
    public const string Append = """
        INSERT INTO admin_audit_entries (occurred_at, actor, action, subject, details)
        VALUES (@OccurredAt, @Actor, @Action, @Subject, @Details)
        """;

    public const string SelectRecent = """
        SELECT id AS Id, occurred_at AS OccurredAt, actor AS Actor, action AS Action, subject AS Subject, details AS Details
        FROM admin_audit_entries ORDER BY id DESC
        """;

    public static Task AppendAsync(DbConnection c, AdminAuditEntry entry, DbTransaction? transaction = null) =>
        c.ExecuteAsync(Append, entry, transaction);

    /// <summary>The newest entries first; <paramref name="page"/> from the dialect (<see cref="Dialects.ISqlDialect.Page"/>).</summary>
    public static async Task<IReadOnlyList<AdminAuditEntry>> RecentAsync(DbConnection c, string page, int take) =>
        (await c.QueryAsync<AdminAuditEntry>(SelectRecent + page, new { Skip = 0, Take = take })).ToList();
}
