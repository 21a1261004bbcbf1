using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Builders that read as the procedure: <c>A.Request(received: 27.September(2024))</c>.</summary>
public static class A
{
    public const string Caseworker = "张三";
    public const string Head = "李主任";

    public static RegisterRequest Request(LocalDate? received, string agency = "county-gov", Guid? id = null) => new()
    {
        RequestId = id ?? Guid.NewGuid(),
        Actor = Caseworker,
        AgencyCode = agency,
        ApplicantType = "NaturalPerson",
        ApplicantName = "王小明",
        ApplicantIdDocument = "居民身份证 11010519491231002X",
        ApplicantPhone = "13800138000",
        Channel = received is null ? "Online" : "InPerson",
        Description = "2023年本县老旧小区改造项目的资金使用情况",
        FormOfProvision = "Electronic",
        ReceivedOn = received,
    };

    public static ServeReply Reply(Guid id, LocalDate servedOn, Outcome outcome = Outcome.Disclosed, bool onTheSpot = false) => new()
    {
        RequestId = id, Actor = Caseworker, Outcome = outcome, ServedOn = servedOn, OnTheSpot = onTheSpot,
        Reasons = outcome.IsAdverse() ? "经审查，" + outcome.ChineseName() : "",
        LegalBasis = "《中华人民共和国政府信息公开条例》" + outcome.Article(),
    };

    public static IssueCorrectionNotice CorrectionNotice(Guid id, LocalDate issuedOn, LocalDate periodEndsOn) => new()
    {
        RequestId = id, Actor = Caseworker, IssuedOn = issuedOn, Items = ["请明确所需信息的时间范围"], CorrectionPeriodEndsOn = periodEndsOn,
    };

    public static StartConsultation Consultation(Guid id, ConsultationKind kind, LocalDate sentOn, LocalDate? dueOn = null, params string[] participants) => new()
    {
        RequestId = id, Actor = Caseworker, ConsultationId = Guid.NewGuid(), Kind = kind,
        Participants = participants.Length > 0 ? participants : ["某建设有限公司"], Question = "公开该合同是否损害贵方合法权益？",
        SentOn = sentOn, LetterReceivedOn = sentOn, DueOn = dueOn,
    };
}
