using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>The periods the Regulations fix. They are law, so they are code, each with its article.</summary>
public static class StatutoryPeriods
{
    /// <summary>The revised Regulations (State Council Decree 711) took effect on 2019-05-15.</summary>
    public static readonly LocalDate RegulationsInForceOn = new(2019, 5, 15);

    /// <summary>一次性告知补正: within 7 working days of receipt (Art. 30).</summary>
    public const int CorrectionNoticeWorkingDays = 7;

    /// <summary>答复: within 20 working days of receipt, or of the corrected application (Art. 33 ¶2, Art. 30).</summary>
    public const int ReplyWorkingDays = 20;

    /// <summary>延长答复期限: at most 20 working days, once (Art. 33 ¶2).</summary>
    public const int MaxExtensionWorkingDays = 20;

    /// <summary>第三方 / 其他机关 opinion window: 15 working days after receipt of the letter (Art. 32, Art. 34).</summary>
    public const int OpinionWindowWorkingDays = 15;

    /// <summary>缴费: 20 working days counted from the day after the fee notice is received (国办函〔2020〕109号).</summary>
    public const int FeePaymentWorkingDays = 20;
}
