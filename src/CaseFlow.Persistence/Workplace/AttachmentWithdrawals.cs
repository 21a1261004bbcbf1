using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>A wrong attachment withdrawn (issue 12): kept with its content, marked withdrawn with who, when and why, and
/// no longer offered or scanned for a letter.</summary>
public sealed record AttachmentWithdrawal
{
    public required string AttachmentId { get; init; }
    public required string RequestId { get; init; }
    public required string Reason { get; init; }
    public required string WithdrawnBy { get; init; }
    public required Instant WithdrawnAt { get; init; }
}

public static class AttachmentWithdrawals
{
    public const string Insert = """
        INSERT INTO attachment_withdrawals (attachment_id, request_id, reason, withdrawn_by, withdrawn_at)
        VALUES (@AttachmentId, @RequestId, @Reason, @WithdrawnBy, @WithdrawnAt)
        """;

    public const string SelectForRequest = """
        SELECT attachment_id, request_id, reason, withdrawn_by, withdrawn_at FROM attachment_withdrawals WHERE request_id = @RequestId
        """;

    /// <summary>A reply document is used by a reply letter issued after it was uploaded (the letter's check read it); any
    /// other attachment is used once a letter of the request was issued after its upload and names it — none does today,
    /// so only reply documents can be in use.</summary>
    public const string CountLettersUsing = """
        SELECT COUNT(*) FROM letters WHERE request_id = @RequestId AND letter_type = @ReplyType AND issued_at >= @UploadedAt
        """;

    public static async Task<IReadOnlyList<AttachmentWithdrawal>> ForRequestAsync(DbConnection connection, string requestId, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<AttachmentWithdrawal>(SelectForRequest, new { RequestId = requestId }, transaction)).ToList();

    /// <summary>The attachments of <paramref name="attachments"/> not withdrawn.</summary>
    public static async Task<IReadOnlyList<AttachmentInfo>> InUseAsync(DbConnection connection, IEnumerable<AttachmentInfo> attachments)
    {
        var list = attachments.ToList();
        if (list.Count == 0)
            return list;
        var withdrawn = (await ForRequestAsync(connection, list[0].RequestId)).Select(w => w.AttachmentId).ToHashSet();
        return list.Where(a => !withdrawn.Contains(a.Id)).ToList();
    }

    /// <summary>True when an issued letter already used the attachment, so it can no longer be withdrawn.</summary>
    public static async Task<bool> UsedAsync(DbSession session, AttachmentInfo attachment) =>
        attachment.Kind == "reply-document"
        && await session.Connection.ExecuteScalarAsync<long>(CountLettersUsing,
            new { attachment.RequestId, ReplyType = (int)Domain.Correspondence.LetterType.Reply, attachment.UploadedAt }, session.Transaction) > 0;

    public static Task WithdrawAsync(DbSession session, AttachmentWithdrawal withdrawal) =>
        session.Connection.ExecuteAsync(Insert, withdrawal, session.Transaction);
}
