using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Reporting;

/// <summary>What the annual report needs to know about one request: who asked, when it was received, and when and how
/// it was closed.</summary>
/// <remarks>A request counts from its statutory receipt date (Art. 31); a request without a receipt date has not been
/// received and is not a fact of any report. <see cref="ClosedOn"/> and <see cref="Outcome"/> are given together or not
/// at all (a closed request has exactly one outcome, 国办公开办函〔2021〕30号).</remarks>
public sealed record RequestFact(ApplicantType ApplicantType, LocalDate ReceivedOn, LocalDate? ClosedOn = null, Outcome? Outcome = null);

/// <summary>行政复议 or 行政诉讼 against the handling of a request (table 四).</summary>
public enum ChallengeKind
{
    /// <summary>行政复议</summary>
    Reconsideration = 1,
    /// <summary>行政诉讼</summary>
    Litigation = 2,
}

/// <summary>How a challenge ended (table 四 columns 结果维持 · 结果纠正 · 其他结果 · 尚未审结).</summary>
public enum ChallengeResult
{
    /// <summary>结果维持</summary>
    Upheld = 1,
    /// <summary>结果纠正</summary>
    Corrected = 2,
    /// <summary>其他结果</summary>
    Other = 3,
    /// <summary>尚未审结</summary>
    Pending = 4,
}

/// <summary>An administrative reconsideration or lawsuit about a request, as table 四 counts it.</summary>
/// <remarks>Art. 50(三): the report states the reconsiderations and lawsuits brought because of OGI work.
/// <see cref="AfterReconsideration"/> distinguishes 复议后起诉 from 未经复议直接起诉 and only matters for litigation.</remarks>
public sealed record Challenge(ChallengeKind Kind, bool AfterReconsideration, LocalDate FiledOn, ChallengeResult Result, LocalDate? DecidedOn = null);
