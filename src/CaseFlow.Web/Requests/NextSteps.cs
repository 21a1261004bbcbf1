using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Web.Requests;

/// <summary>Gathers the facts <see cref="NextStep.Decide"/> works from — as the workflow stored them — and maps its
/// action keys to the page's existing action forms and letter links. No rule here: the decision is the domain's.</summary>
public static class NextSteps
{
    /// <summary>The request page's facts: the full state and its drafts in review.</summary>
    public static NextStepFacts From(DisclosureRequestState s, IEnumerable<LetterDraftRow> drafts)
    {
        var consultation = s.Consultations.Where(c => c.IsExternal && c.EndedOn is null)
            .OrderBy(c => c.WindowDueOn ?? NodaTime.LocalDate.MinIsoValue).FirstOrDefault();
        return new NextStepFacts
        {
            Stage = s.Stage,
            ClockRunning = s.ClockRunning,
            ReplyDueOn = s.ReplyDueOn,
            Overdue = s.Overdue,
            CorrectionNoticeDueOn = s.CorrectionNoticeDueOn,
            CorrectionNoticeIssued = s.CorrectionNotice is not null,
            Corrected = s.CorrectedOn is not null,
            CorrectionPeriodEndsOn = s.CorrectionNotice?.PeriodEndsOn,
            ConsultingThirdParty = consultation is null ? null : consultation.Kind == ConsultationKind.ThirdParty,
            ConsultationWindowDueOn = consultation?.WindowDueOn,
            FeePaymentDueOn = s.Fee is { PaidOn: null } fee ? fee.PaymentDueOn : null,
            ReplyDraftInReview = drafts.Any(d => d.Status == LetterDrafts.AwaitingReview && d.Type == LetterType.Reply),
            ReasonsWindowEndedOn = s.ExcessiveInquiry is { ReasonablePeriodEndsOn: null, WindowEndedOn: { } ended } ? ended : null,
        };
    }

    /// <summary>A workbench row's facts: only the promoted columns (stage, reply due, clock, overdue) — the short form
    /// says what those support (the stage's step and the reply date), without the dates kept only in the JSON.</summary>
    public static NextStepFacts From(RequestListItem row) => new()
    {
        Stage = Enum.TryParse<RequestStage>(row.State, out var stage) ? stage : row.ClosedOn is null ? RequestStage.InProgress : RequestStage.Closed,
        ClockRunning = row.ClockRunning,
        ReplyDueOn = row.ClockRunning ? row.ReplyDueOn : null,
        Overdue = row.Overdue,
        // Unknown in the row: treat the one-time correction notice as not offerable rather than guess its date.
        CorrectionNoticeIssued = true,
    };

    /// <summary>Where the step's one button goes: a letter on the letters page (type preselected) or the action form of
    /// this page.</summary>
    public static string Href(string actionKey, string requestId) => actionKey switch
    {
        "letter:reply" => $"/Requests/Letters/{requestId}?type={LetterType.Reply.Slug()}",
        "letter:correction-notice" => $"/Requests/Letters/{requestId}?type={LetterType.CorrectionNotice.Slug()}",
        "confirm-receipt" => "#action-confirm-receipt",
        "record-correction" => "#action-corrected-application",
        "decide-extension" => "#action-extension-decision",
        "record-payment" => "#action-payment",
        "record-opinion" => "#action-opinion",
        "record-consultation-service" => "#action-consultation-service",
        "review" => "#letter-acts",
        // Art. 35: refuse by the reply letter (504) or set the later date by its notice: both are letters of 「以文书办理」.
        "decide-reasons" => "#letter-acts",
        _ => $"/Requests/Details/{requestId}",
    };

    /// <summary>The button's label.</summary>
    public static (string Zh, string En) Label(string actionKey) => actionKey switch
    {
        "letter:reply" => ("拟制答复书", "Draft the reply"),
        "letter:correction-notice" => ("拟制补正告知书", "Draft the correction notice"),
        "confirm-receipt" => ("确认收到申请之日", "Confirm receipt date"),
        "record-correction" => ("登记补正后的申请", "Record the corrected application"),
        "decide-extension" => ("审批延期", "Decide the extension"),
        "record-payment" => ("登记缴费", "Record payment"),
        "record-opinion" => ("登记书面意见", "Record the opinion"),
        "record-consultation-service" => ("登记征求意见书送达日期", "Record the letter's service date"),
        "review" => ("查看审核、签发进度", "See the review"),
        "decide-reasons" => ("以答复书或延迟答复告知书决定", "Decide by the reply or the notice of the later date"),
        _ => ("打开", "Open"),
    };

    /// <summary>After an action on the request page, the letter that goes with it (its type preselected on the letters
    /// page): the receipt after confirming receipt (Art. 31), the consultation letter after starting an external
    /// consultation (Art. 32, 34), the extension notice after approving an extension (Art. 33 ¶2), the notice of
    /// disclosure to the third party after a public-interest decision (Art. 32). Null when no letter goes with it.</summary>
    public static LetterType? LetterAfter(string action, DisclosureRequestState s) => action switch
    {
        "confirm-receipt" => LetterType.Receipt,
        "consultation" when s.Consultations.Count > 0 && s.Consultations[^1].IsExternal => LetterType.ConsultationLetter,
        "extension-decision" when s.Extension is { Approved: true } => LetterType.ExtensionNotice,
        "public-interest-override" when s.PublicInterestOverride is { LetterSentOn: null } => LetterType.OverrideNotice,
        _ => null,
    };
}
