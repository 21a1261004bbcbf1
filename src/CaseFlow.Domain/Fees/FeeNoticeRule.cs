using System.Globalization;
using NodaTime;

namespace CaseFlow.Domain.Fees;

/// <summary>Why a fee notice's amount may not be charged, naming the field: <c>amount</c>, <c>method</c>, <c>pages</c> or
/// <c>reductionReason</c>.</summary>
public sealed record FeeRefusal(string Field, string Zh, string En);

/// <summary>The amount a fee notice (收费通知书) may state, under Art. 42 of the Regulations and 国办函〔2020〕109号: the tiers give
/// the most that may be charged (<see cref="ProcessingFeeTiers"/>); a caseworker may charge less, giving the reason, never
/// more, and nothing when the tiers leave the application free. One rule for the letters page, the API and the workflow.</summary>
public static class FeeNoticeRule
{
    /// <summary>Pages a 按量 fee notice may name (bounded input).</summary>
    public const int MaxPages = 1_000_000;
    public const int MaxReductionReasonLength = 500;

    /// <summary>The method's slug as forms, the API and the letter's facts carry it.</summary>
    public static string Slug(this FeeMethod method) => method == FeeMethod.PerVolume ? "per-volume" : "per-application";

    public static string ChineseName(this FeeMethod method) => method == FeeMethod.PerVolume ? "按量计收" : "按件计收";

    /// <summary>Reads the method: <c>per-application</c> | <c>per-volume</c> (or 按件 / 按量).</summary>
    public static FeeMethod? ParseMethod(string? text) => text?.Trim() switch
    {
        "per-application" or "按件" or "按件计收" => FeeMethod.PerApplication,
        "per-volume" or "按量" or "按量计收" => FeeMethod.PerVolume,
        _ => null,
    };

    /// <summary>Whether <paramref name="amountYuan"/> may be stated on the fee notice whose tier computation is
    /// <paramref name="computation"/>: above zero, whole fen, not above the tier (国办函〔2020〕109号), and below the tier only
    /// with a reason. Null when it may.</summary>
    public static FeeRefusal? Refuse(FeeComputation computation, decimal amountYuan, string? reductionReason)
    {
        var maximum = Yuan(computation.MaximumYuan);
        if (computation.IsFree)
            return new("amount", $"按收费标准，本申请在免费范围内（{FreeRangeZh(computation.Method)}），不得收费（国办函〔2020〕109号）。",
                $"Under the tiers this application is free ({FreeRangeEn(computation.Method)}); nothing may be charged (Guobanhan [2020] No. 109).");
        if (amountYuan <= 0)
            return new("amount", "收费金额须大于零（第四十二条）。", "The amount must be above zero (Art. 42).");
        if (decimal.Round(amountYuan, 2) != amountYuan)
            return new("amount", "收费金额最多保留两位小数（元、角、分）。", "The amount has at most two decimals (fen).");
        if (amountYuan > computation.MaximumYuan)
            return new("amount", $"收费金额不得高于按收费标准计算的{maximum}元（国办函〔2020〕109号），可以减收，不得多收。",
                $"The amount may not exceed the {maximum} yuan the tiers allow (Guobanhan [2020] No. 109); it may be lowered, never raised.");
        if (amountYuan < computation.MaximumYuan && string.IsNullOrWhiteSpace(reductionReason))
            return new("reductionReason", $"收费金额低于按收费标准计算的{maximum}元，须说明减收理由。",
                $"The amount is below the {maximum} yuan of the tiers: give the reason for lowering it.");
        if (reductionReason is not null && reductionReason.Trim().Length > MaxReductionReasonLength)
            return new("reductionReason", $"减收理由不能超过{MaxReductionReasonLength}个字。", $"The reason is at most {MaxReductionReasonLength} characters.");
        return null;
    }

    /// <summary>The line of the fee notice stating what is charged against the tier: the full amount, or the lowered amount
    /// and why.</summary>
    public static string ChargeZh(FeeComputation computation, decimal amountYuan, string? reductionReason) =>
        amountYuan >= computation.MaximumYuan
            ? $"按收费标准计收{Yuan(amountYuan)}元。"
            : $"按收费标准应收{Yuan(computation.MaximumYuan)}元，减收{Yuan(computation.MaximumYuan - amountYuan)}元，实收{Yuan(amountYuan)}元；减收理由：{reductionReason!.Trim().TrimEnd('。', '.')}。";

    private static string FreeRangeZh(FeeMethod method) => method == FeeMethod.PerVolume
        ? $"{ProcessingFeeTiers.FreePages}页以下（含{ProcessingFeeTiers.FreePages}页）"
        : $"同一申请人一个自然月内{ProcessingFeeTiers.FreeApplicationsPerMonth}件以下（含{ProcessingFeeTiers.FreeApplicationsPerMonth}件）";

    private static string FreeRangeEn(FeeMethod method) => method == FeeMethod.PerVolume
        ? $"up to {ProcessingFeeTiers.FreePages} pages"
        : $"up to {ProcessingFeeTiers.FreeApplicationsPerMonth} applications of one applicant in a calendar month";

    public static string Yuan(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Which applications count for 按件计收 (国办函〔2020〕109号): those of the same applicant to the same agency received in
/// the same calendar month as this one, up to and including it. The same applicant is recognised as the early warning
/// recognises it (<see cref="Supervision.EarlyWarning"/>: the applicant's name, trimmed, compared exactly).</summary>
public static class FeeCounting
{
    /// <summary>The identity of an applicant for counting: the name as stored, trimmed (as the early warning groups).</summary>
    public static string SameApplicant(string applicantName) => applicantName.Trim();

    /// <summary>The calendar month an application counts in: the month of its receipt date (Art. 31).</summary>
    public static (LocalDate From, LocalDate To) MonthOf(LocalDate receivedOn) =>
        (new LocalDate(receivedOn.Year, receivedOn.Month, 1), new LocalDate(receivedOn.Year, receivedOn.Month, 1).PlusMonths(1).PlusDays(-1));
}

/// <summary>The year a fee counts in for the annual report (Art. 50; 国办函〔2020〕109号): charged in the year its notice was
/// served (the day the fee notice takes effect and the payment window starts), collected in the year it was paid. The
/// workflow stores both years as columns; the report only sums them.</summary>
public static class FeeYears
{
    public static int Charged(LocalDate feeNoticeServedOn) => feeNoticeServedOn.Year;

    public static int? Collected(LocalDate? paidOn) => paidOn?.Year;

    /// <summary>Amounts are stored in fen (分), exact in every database.</summary>
    public static long Fen(decimal yuan) => (long)decimal.Round(yuan * 100m, 0, MidpointRounding.AwayFromZero);
}
