using CaseFlow.Persistence;
using CaseFlow.Persistence.Notifications;
using Dapper;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>Issue 12: the next person hears of it, in the transaction of the step that makes them next, in words for a
/// colleague: the supervisors when an extension waits for their decision, the handler when it is decided.</summary>
public static class NoticeSteps
{
    public const string ExtensionWaiting = "extension-waiting";
    public const string ExtensionDecided = "extension-decided";

    /// <summary>The active supervisors of an agency.</summary>
    public const string SelectSupervisors = "SELECT user_name FROM users WHERE agency_code = @AgencyCode AND role = 'supervisor' AND disabled = @Disabled ORDER BY user_name";

    /// <summary>Art. 33 ¶2: the head of the office approves the extension; every supervisor of the agency is told it waits.</summary>
    public static EventActivityBinder<DisclosureRequestState, RequestExtension> TellTheSupervisors(
        this EventActivityBinder<DisclosureRequestState, RequestExtension> binder) =>
        binder.ThenAsync(async x =>
        {
            var session = x.GetPayload<DbSession>();
            var now = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
            var noticeId = Guid.NewGuid().ToString();
            var supervisors = await session.Connection.QueryAsync<string>(SelectSupervisors, new { x.Saga.AgencyCode, Disabled = false }, session.Transaction);
            foreach (var supervisor in supervisors.Where(s => s != x.Message.Actor))
                await NotificationStore.InsertAsync(session, new Notification
                {
                    NoticeId = noticeId, UserName = supervisor, AgencyCode = x.Saga.AgencyCode, Kind = ExtensionWaiting,
                    ConsultationId = x.Saga.CorrelationId.ToString(),
                    TextZh = $"{x.Message.Actor}申请将申请 {x.Saga.TrackingNumber} 的答复期限延长{x.Message.Days}个工作日，待您审批（第三十三条第二款）。",
                    TextEn = $"{x.Message.Actor} asks to extend the reply period of request {x.Saga.TrackingNumber} by {x.Message.Days} working days; your decision is needed (Art. 33 ¶2).",
                    Link = "/Supervision/Extensions", CreatedAt = now,
                });
        });

    /// <summary>The handler hears the decision on the extension, with the days approved.</summary>
    public static EventActivityBinder<DisclosureRequestState, DecideExtension> TellTheHandler(
        this EventActivityBinder<DisclosureRequestState, DecideExtension> binder) =>
        binder.ThenAsync(async x =>
        {
            if (string.IsNullOrWhiteSpace(x.Saga.Handler) || x.Saga.Handler == x.Message.Actor)
                return;
            var session = x.GetPayload<DbSession>();
            var now = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
            await NotificationStore.InsertAsync(session, new Notification
            {
                NoticeId = Guid.NewGuid().ToString(), UserName = x.Saga.Handler, AgencyCode = x.Saga.AgencyCode, Kind = ExtensionDecided,
                ConsultationId = x.Saga.CorrelationId.ToString(),
                TextZh = x.Message.Approved
                    ? $"{x.Message.Actor}已批准申请 {x.Saga.TrackingNumber} 延期{x.Message.Days}个工作日，请签发延期答复告知书。"
                    : $"{x.Message.Actor}未批准申请 {x.Saga.TrackingNumber} 的延期，答复期限不变。",
                TextEn = x.Message.Approved
                    ? $"{x.Message.Actor} approved extending request {x.Saga.TrackingNumber} by {x.Message.Days} working days; issue the extension notice."
                    : $"{x.Message.Actor} refused the extension of request {x.Saga.TrackingNumber}; the reply due date stands.",
                Link = $"/Requests/Letters/{x.Saga.CorrelationId}?type=extension-notice", CreatedAt = now,
            });
        });
}
