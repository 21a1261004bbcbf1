namespace CaseFlow.Domain.Requests;

/// <summary>Why a request left the procedure.</summary>
public enum CloseReason
{
    /// <summary>答复已送达 (Art. 36–39).</summary>
    Replied = 1,
    /// <summary>视为放弃申请: no correction in the period (Art. 30) or fee not paid in time (Art. 42).</summary>
    DeemedAbandoned = 2,
    /// <summary>申请人撤回申请 (counted in 三(六)3).</summary>
    Withdrawn = 3,
    /// <summary>不作为政府信息公开申请处理 (Art. 39 ¶1).</summary>
    NotAnOgiRequest = 4,
}
