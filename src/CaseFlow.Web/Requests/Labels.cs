using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Web.Infrastructure;

namespace CaseFlow.Web.Requests;

/// <summary>The names users read for states, channels, applicant types and outcomes, in both languages.</summary>
public static class Labels
{
    public static IReadOnlyList<string> States { get; } =
        ["Registered", "InProgress", "AwaitingCorrection", "Consulting", "AwaitingExtensionDecision", "AwaitingFeePayment", "Replied", "Closed"];

    public static string State(this Lang l, string state) => state switch
    {
        "Registered" => l["待确认收到", "Receipt to confirm"],
        "InProgress" => l["办理中", "In progress"],
        "AwaitingCorrection" => l["待补正", "Awaiting correction"],
        "Consulting" => l["征求意见中", "Consulting"],
        "AwaitingExtensionDecision" => l["延期待审批", "Extension to decide"],
        "AwaitingFeePayment" => l["待缴费", "Awaiting fee payment"],
        "Replied" => l["已答复", "Replied"],
        "Closed" => l["已办结", "Closed"],
        // The states of a consultation, which writes to its request's audit trail.
        "AwaitingOpinions" => l["征求意见：待提出意见", "Consultation: awaiting opinions"],
        "Concluded" => l["征求意见：已结束", "Consultation: concluded"],
        "Withdrawn" => l["征求意见：已撤回", "Consultation: withdrawn"],
        _ => state,
    };

    public static string Role(this Lang l, string role) => role switch
    {
        Persistence.Workplace.Roles.Caseworker => l["承办人", "Caseworker"],
        Persistence.Workplace.Roles.LegalAdviser => l["法律顾问", "Legal adviser"],
        Persistence.Workplace.Roles.Supervisor => l["负责人", "Supervisor"],
        Persistence.Workplace.Roles.Administrator => l["管理员", "Administrator"],
        _ => role,
    };

    public static string Channel(this Lang l, Channel channel) => channel switch
    {
        Domain.Requests.Channel.InPerson => l["当面提交", "In person"],
        Domain.Requests.Channel.RegisteredPost => l["邮寄（签收）", "Registered post"],
        Domain.Requests.Channel.OrdinaryPost => l["平常信函", "Ordinary post"],
        Domain.Requests.Channel.Online => l["互联网", "Online"],
        Domain.Requests.Channel.Fax => l["传真", "Fax"],
        _ => channel.ToString(),
    };

    public static string ApplicantType(this Lang l, ApplicantType type) => type switch
    {
        Domain.Requests.ApplicantType.NaturalPerson => l["自然人", "Natural person"],
        Domain.Requests.ApplicantType.Business => l["商业企业", "Business"],
        Domain.Requests.ApplicantType.ResearchInstitution => l["科研机构", "Research institution"],
        Domain.Requests.ApplicantType.NonProfit => l["社会公益组织", "Non-profit"],
        Domain.Requests.ApplicantType.LegalServiceProvider => l["法律服务机构", "Legal service provider"],
        Domain.Requests.ApplicantType.OtherOrganization => l["其他组织", "Other organisation"],
        _ => type.ToString(),
    };

    public static string FormOfProvision(this Lang l, string form) => form switch
    {
        "Paper" => l["纸质", "Paper"],
        "Electronic" => l["电子数据", "Electronic"],
        "Inspection" => l["查阅", "Inspection"],
        _ => form,
    };

    public static IReadOnlyList<string> FormsOfProvision => Workflows.Infrastructure.CommandValidation.FormsOfProvision;

    /// <summary>The outcome as the reply letter names it (its XML doc carries the Chinese name and article).</summary>
    public static string Outcome(this Lang l, Outcome outcome) => outcome switch
    {
        Domain.Replies.Outcome.AlreadyPublic => l["已主动公开（告知获取方式）", "Already public"],
        Domain.Replies.Outcome.Disclosed => l["予以公开", "Disclosed"],
        Domain.Replies.Outcome.PartlyDisclosed => l["部分公开", "Partly disclosed"],
        Domain.Replies.Outcome.WithheldStateSecret => l["不予公开：属于国家秘密", "Withheld: state secret"],
        Domain.Replies.Outcome.WithheldProhibitedByLaw => l["不予公开：其他法律行政法规禁止公开", "Withheld: prohibited by law"],
        Domain.Replies.Outcome.WithheldEndangersSecurity => l["不予公开：危及“三安全一稳定”", "Withheld: endangers security or stability"],
        Domain.Replies.Outcome.WithheldThirdPartyRights => l["不予公开：保护第三方合法权益", "Withheld: third-party rights"],
        Domain.Replies.Outcome.WithheldInternalAffairs => l["不予公开：属于三类内部事务信息", "Withheld: internal affairs"],
        Domain.Replies.Outcome.WithheldProcessInformation => l["不予公开：属于四类过程性信息", "Withheld: process information"],
        Domain.Replies.Outcome.WithheldEnforcementFile => l["不予公开：属于行政执法案卷", "Withheld: enforcement file"],
        Domain.Replies.Outcome.WithheldAdministrativeQuery => l["不予公开：属于行政查询事项", "Withheld: administrative query"],
        Domain.Replies.Outcome.CannotProvideNotHeld => l["无法提供：本机关不掌握相关政府信息", "Cannot provide: not held"],
        Domain.Replies.Outcome.CannotProvideNotThisAgency => l["无法提供：不属于本机关负责公开", "Cannot provide: another agency's"],
        Domain.Replies.Outcome.CannotProvideNeedsCreation => l["无法提供：没有现成信息需要另行制作", "Cannot provide: would need creating"],
        Domain.Replies.Outcome.CannotProvideStillUnclear => l["无法提供：补正后申请内容仍不明确", "Cannot provide: still unclear after correction"],
        Domain.Replies.Outcome.NotProcessedPetition => l["不予处理：信访举报投诉类申请", "Not processed: petition or complaint"],
        Domain.Replies.Outcome.NotProcessedRepeat => l["不予处理：重复申请", "Not processed: repeated request"],
        Domain.Replies.Outcome.NotProcessedPublication => l["不予处理：要求提供公开出版物", "Not processed: publication"],
        Domain.Replies.Outcome.NotProcessedExcessive => l["不予处理：无正当理由大量反复申请", "Not processed: excessive requests"],
        Domain.Replies.Outcome.NotProcessedConfirmation => l["不予处理：要求行政机关确认或重新出具已获取信息", "Not processed: confirmation of information held"],
        Domain.Replies.Outcome.OtherNotCorrected => l["其他处理：申请人无正当理由逾期不补正", "Other: not corrected in time"],
        Domain.Replies.Outcome.OtherFeeNotPaid => l["其他处理：申请人逾期未缴纳信息处理费", "Other: fee not paid"],
        Domain.Replies.Outcome.OtherHandling => l["其他处理", "Other handling"],
        _ => ((int)outcome).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Activity(this Lang l, string activity) => activity switch
    {
        "RegisterRequest" => l["登记", "Registered"],
        "ConfirmReceipt" => l["确认收到申请", "Receipt confirmed"],
        "IssueCorrectionNotice" => l["发出补正告知", "Correction notice issued"],
        "RecordCorrectedApplication" => l["收到补正申请", "Corrected application received"],
        "StartConsultation" => l["发出征求意见", "Consultation started"],
        "RecordOpinion" => l["收到意见", "Opinion received"],
        "RequestExtension" => l["申请延期", "Extension requested"],
        "DecideExtension" => l["延期审批", "Extension decided"],
        "IssueFeeNotice" => l["发出收费通知", "Fee notice issued"],
        "RecordPayment" => l["缴费", "Fee paid"],
        "ServeReply" => l["答复", "Reply served"],
        "WithdrawRequest" => l["撤回申请", "Withdrawn"],
        "RecomputeDeadlines" => l["重新计算期限", "Deadlines recomputed"],
        "IssueLetter" => l["签发文书", "Letter issued"],
        "RecordLetterService" => l["文书送达", "Letter served"],
        "SubmitLetterForReview" => l["文书送审", "Letter submitted for review"],
        "ApproveLetterDraft" => l["文书审核同意", "Letter draft approved"],
        "ReturnLetterDraft" => l["文书退回修改", "Letter draft returned"],
        "WithdrawAttachment" => l["撤回附件", "Attachment withdrawn"],
        "ConsultationStarted" => l["征求意见开始（计时）", "Consultation started (clock)"],
        "ConsultationEnded" => l["征求意见结束（计时）", "Consultation ended (clock)"],
        "SendConsultationReminder" => l["催办征求意见", "Consultation reminder"],
        "RecordLetterServed" => l["征求意见书送达", "Consultation letter served"],
        "ConsultationLetterServed" => l["征求意见期限按送达日重算", "Opinion window from service"],
        "WithdrawConsultation" => l["撤回征求意见", "Consultation withdrawn"],
        "RecordPublicInterestOverride" => l["公共利益决定（第三十二条）", "Public-interest override (Art. 32)"],
        "RecordOverrideLetter" => l["书面告知第三方", "Third party told in writing"],
        _ when activity.StartsWith("ConsultationDeadlineReached:", StringComparison.Ordinal) => l["征求意见期限到达：", "Consultation deadline: "] + activity["ConsultationDeadlineReached:".Length..],
        "SupervisionReminder" => l["督办提醒", "Follow-up reminder"],
        "ReassignHandler" => l["改派承办人", "Handler reassigned"],
        _ when activity.StartsWith("DeadlineReached:", StringComparison.Ordinal) => l["期限到达：", "Deadline reached: "] + activity["DeadlineReached:".Length..],
        _ => activity,
    };
}
