namespace CaseFlow.Domain.Requests;

/// <summary>How the application reached the disclosure office (申请渠道).</summary>
/// <remarks>The channel decides which day is the statutory receipt date (Art. 31).</remarks>
public enum Channel
{
    /// <summary>当面提交: received on the day it is handed in (Art. 31(一)).</summary>
    InPerson = 1,
    /// <summary>邮寄（需签收）: received on the day the agency signs for it (Art. 31(二)).</summary>
    RegisteredPost = 2,
    /// <summary>平常信函: received on the day the office confirms with the applicant, the day it arrives (Art. 31(二)).</summary>
    OrdinaryPost = 3,
    /// <summary>互联网: received on the day both sides confirm (Art. 31(三)).</summary>
    Online = 4,
    /// <summary>传真: received on the day both sides confirm (Art. 31(三)).</summary>
    Fax = 5,
}
