using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Notifications;

/// <summary>A notice in a user's in-app list.</summary>
public sealed record Notification
{
    public long Id { get; init; }
    public required string NoticeId { get; init; }
    public required string UserName { get; init; }
    public required string AgencyCode { get; init; }
    /// <summary><c>invitation</c> | <c>reminder</c> | <c>overdue</c>.</summary>
    public required string Kind { get; init; }
    public required string ConsultationId { get; init; }
    public required string TextZh { get; init; }
    public required string TextEn { get; init; }
    /// <summary>Where the notice leads its reader: the adviser's consultation page, or the caseworker's request page.</summary>
    public required string Link { get; init; }
    public required Instant CreatedAt { get; init; }
    public Instant? ReadAt { get; init; }
    public Instant? EmailedAt { get; init; }
}

/// <summary>Notices to people, one row per recipient: the in-app list, and the e-mail channel's delivery mark.</summary>
public static class NotificationStore
{
    private const string Columns = """
        id AS Id, notice_id AS NoticeId, user_name AS UserName, agency_code AS AgencyCode, kind AS Kind,
        consultation_id AS ConsultationId, text_zh AS TextZh, text_en AS TextEn, link AS Link, created_at AS CreatedAt, read_at AS ReadAt,
        emailed_at AS EmailedAt
        """;

    public const string Insert = """
        INSERT INTO notifications (notice_id, user_name, agency_code, kind, consultation_id, text_zh, text_en, link, created_at)
        VALUES (@NoticeId, @UserName, @AgencyCode, @Kind, @ConsultationId, @TextZh, @TextEn, @Link, @CreatedAt)
        """;

    /// <summary>A user's notices, newest first; the list is short (most recent 50).</summary>
    public const string SelectForUser = $"SELECT {Columns} FROM notifications WHERE user_name = @UserName AND agency_code = @AgencyCode ORDER BY id DESC";

    public const string CountUnread = "SELECT COUNT(*) FROM notifications WHERE user_name = @UserName AND agency_code = @AgencyCode AND read_at IS NULL";

    public const string MarkAllRead = "UPDATE notifications SET read_at = @ReadAt WHERE user_name = @UserName AND agency_code = @AgencyCode AND read_at IS NULL";

    /// <summary>The rows of a notice the e-mail channel has not delivered yet.</summary>
    public const string SelectNotEmailed = $"SELECT {Columns} FROM notifications WHERE notice_id = @NoticeId AND emailed_at IS NULL ORDER BY id";

    public const string MarkEmailed = "UPDATE notifications SET emailed_at = @EmailedAt WHERE id = @Id";

    /// <summary>Only users of the notice's agency receive it: a recipient name that is no user there (an external party
    /// written to on paper) gets no in-app notice.</summary>
    public const string SelectRoleInAgency = "SELECT role FROM users WHERE user_name = @UserName AND agency_code = @AgencyCode AND disabled = @Disabled";

    public const string SelectEmail = "SELECT email FROM users WHERE user_name = @UserName AND agency_code = @AgencyCode";

    public const string UpdateEmail = "UPDATE users SET email = @Email WHERE user_name = @UserName";

    /// <summary>The role of an active user of the agency, or null when the name is no such user.</summary>
    public static Task<string?> RoleInAgencyAsync(DbSession session, string userName, string agencyCode) =>
        session.Connection.ExecuteScalarAsync<string?>(SelectRoleInAgency, new { UserName = userName, AgencyCode = agencyCode, Disabled = false }, session.Transaction);

    public static Task InsertAsync(DbSession session, Notification n) => session.Connection.ExecuteAsync(Insert, n, session.Transaction);

    public static async Task<IReadOnlyList<Notification>> ForUserAsync(DbConnection c, string userName, string agencyCode) =>
        (await c.QueryAsync<Notification>(SelectForUser, new { UserName = userName, AgencyCode = agencyCode })).Take(50).ToList();

    public static Task<long> UnreadAsync(DbConnection c, string userName, string agencyCode) =>
        c.ExecuteScalarAsync<long>(CountUnread, new { UserName = userName, AgencyCode = agencyCode });

    public static Task MarkAllReadAsync(DbConnection c, string userName, string agencyCode, Instant readAt) =>
        c.ExecuteAsync(MarkAllRead, new { UserName = userName, AgencyCode = agencyCode, ReadAt = readAt });

    public static async Task<IReadOnlyList<Notification>> NotEmailedAsync(DbConnection c, Guid noticeId) =>
        (await c.QueryAsync<Notification>(SelectNotEmailed, new { NoticeId = noticeId.ToString() })).ToList();

    public static Task MarkEmailedAsync(DbConnection c, long id, Instant emailedAt) => c.ExecuteAsync(MarkEmailed, new { Id = id, EmailedAt = emailedAt });

    public static Task<string?> EmailAsync(DbConnection c, string userName, string agencyCode) =>
        c.ExecuteScalarAsync<string?>(SelectEmail, new { UserName = userName, AgencyCode = agencyCode });

    /// <summary>Sets the address the e-mail channel writes to (empty: no e-mail).</summary>
    public static Task SetEmailAsync(DbConnection c, string userName, string? email) =>
        c.ExecuteAsync(UpdateEmail, new { UserName = userName, Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim() });
}
