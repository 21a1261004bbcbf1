using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Notifications;
using Dapper;
using NodaTime;

namespace CaseFlow.Web.Correspondence;

/// <summary>Tells the next person that a letter waits for them (issue 12): the reviewers when a draft waits, the drafter
/// when it is returned or issued. Written in the transaction of the act, in words for a colleague.</summary>
public sealed class Notices
{
    public const string DraftWaiting = "draft-waiting";
    public const string DraftReturned = "draft-returned";
    public const string DraftIssued = "draft-issued";

    /// <summary>The active users of an agency with a role (the reviewers of a step).</summary>
    public const string SelectUsersWithRole = "SELECT user_name FROM users WHERE agency_code = @AgencyCode AND role = @Role AND disabled = @Disabled ORDER BY user_name";

    public async Task DraftWaitsAsync(DbSession session, LetterDraftRow draft, ReviewStep step, string trackingNumber, Instant now)
    {
        var role = step == ReviewStep.LegalReview ? ReviewPlan.LegalAdviser : ReviewPlan.Supervisor;
        var reviewers = await session.Connection.QueryAsync<string>(SelectUsersWithRole,
            new { AgencyCode = draft.AgencyCode, Role = role, Disabled = false }, session.Transaction);
        var noticeId = Guid.NewGuid().ToString();
        foreach (var reviewer in reviewers.Where(r => r != draft.DraftedBy))
            await NotificationStore.InsertAsync(session, new Notification
            {
                NoticeId = noticeId, UserName = reviewer, AgencyCode = draft.AgencyCode, Kind = DraftWaiting, ConsultationId = draft.RequestId,
                TextZh = $"{draft.DraftedBy}起草的{draft.Type.ChineseName()}（申请 {trackingNumber}）待您{step.ChineseName()}。",
                TextEn = $"{draft.Type.EnglishName()} drafted by {draft.DraftedBy} (request {trackingNumber}) waits for your {step.EnglishName()}.",
                Link = "/Reviews", CreatedAt = now,
            });
    }

    public Task DraftReturnedAsync(DbSession session, LetterDraftRow draft, string reviewer, string comment, string trackingNumber, Instant now) =>
        NotificationStore.InsertAsync(session, new Notification
        {
            NoticeId = Guid.NewGuid().ToString(), UserName = draft.DraftedBy, AgencyCode = draft.AgencyCode, Kind = DraftReturned, ConsultationId = draft.RequestId,
            TextZh = $"{reviewer}退回了您起草的{draft.Type.ChineseName()}（申请 {trackingNumber}）：{comment}",
            TextEn = $"{reviewer} returned your {draft.Type.EnglishName()} (request {trackingNumber}): {comment}",
            Link = $"/Requests/Letters/{draft.RequestId}?draft={draft.Id}", CreatedAt = now,
        });
}
