using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using NodaTime;

namespace CaseFlow.Web.Correspondence;

/// <summary>Withdrawing a wrong attachment (issue 12): allowed until an issued letter used it; the file is kept, marked
/// withdrawn with who, when and why, and the audit trail says so. A withdrawn reply document is no longer read for a letter.</summary>
public static class AttachmentDesk
{
    public static async Task<FieldError?> WithdrawAsync(Database database, RequestView view, AttachmentInfo attachment, string? reason, string actor, Instant now)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 400)
            return new FieldError("withdraw", "请写明撤回理由（不超过400字）。", "Give the reason for withdrawing (at most 400 characters).");
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        if ((await AttachmentWithdrawals.ForRequestAsync(connection, view.Row.Id, transaction)).Any(w => w.AttachmentId == attachment.Id))
            return new FieldError("withdraw", "该附件已撤回。", "The attachment is already withdrawn.");
        if (await AttachmentWithdrawals.UsedAsync(session, attachment))
            return new FieldError("withdraw", "已签发的答复书使用了该附件，不能撤回。", "An issued reply letter used this attachment; it can no longer be withdrawn.");
        await AttachmentWithdrawals.WithdrawAsync(session, new AttachmentWithdrawal
        {
            AttachmentId = attachment.Id, RequestId = view.Row.Id, Reason = reason.Trim(), WithdrawnBy = actor, WithdrawnAt = now,
        });
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = view.Row.Id, MessageId = $"withdraw:{attachment.Id}", OccurredAt = now, Actor = actor, Activity = "WithdrawAttachment",
            FromState = view.Row.State, ToState = view.Row.State,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["attachment"] = new { before = attachment.FileName, after = $"已撤回：{reason.Trim()}" },
            }),
        });
        await transaction.CommitAsync();
        return null;
    }
}
