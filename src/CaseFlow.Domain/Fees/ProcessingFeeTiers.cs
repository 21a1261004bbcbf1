using System.Globalization;

namespace CaseFlow.Domain.Fees;

/// <summary>How an agency counts the information-processing fee of one application (国办函〔2020〕109号). An agency applies
/// one method to an application.</summary>
public enum FeeMethod
{
    /// <summary>按件计收: by the number of applications the same applicant made to this agency in the calendar month.</summary>
    PerApplication = 1,
    /// <summary>按量计收: by the pages of information provided for this one application.</summary>
    PerVolume = 2,
}

/// <summary>One band of a computation: the units <see cref="From"/>–<see cref="To"/> at <see cref="UnitYuan"/> each.</summary>
public sealed record FeeBand(int From, int To, decimal UnitYuan)
{
    public int Units => To - From + 1;

    public decimal AmountYuan => Units * UnitYuan;
}

/// <summary>The fee the tiers allow for one application, band by band, so the fee notice can show its computation.</summary>
public sealed record FeeComputation(FeeMethod Method, int Quantity, IReadOnlyList<FeeBand> Bands)
{
    /// <summary>The most the agency may charge; it may charge less, never more (国办函〔2020〕109号).</summary>
    public decimal MaximumYuan => Bands.Sum(b => b.AmountYuan);

    public bool IsFree => MaximumYuan == 0;

    /// <summary>The computation as the fee notice states it, e.g. 「按量计收：共120页；31—100页，70页×10元＝700元；…；合计1100元」.</summary>
    public string ExplainZh()
    {
        var unit = Method == FeeMethod.PerVolume ? "页" : "件";
        var head = Method == FeeMethod.PerVolume
            ? $"按量计收：本申请提供信息共{Quantity}页"
            : $"按件计收：申请人本自然月内向本机关提出的第{Quantity}件申请";
        if (IsFree)
            return $"{head}，在免费范围内，不收费。";
        var lines = Bands.Where(b => b.UnitYuan > 0).Select(b =>
            Method == FeeMethod.PerVolume
                ? $"第{b.From}—{b.To}{unit}，{b.Units}{unit}×{Yuan(b.UnitYuan)}元＝{Yuan(b.AmountYuan)}元"
                : $"适用{ApplicationTier(b.From)}档，收费标准{Yuan(b.UnitYuan)}元/件");
        return $"{head}；{string.Join("；", lines)}；合计{Yuan(MaximumYuan)}元。";
    }

    /// <summary>The band of the 按件 tiers an application's ordinal falls in: 11—30件, 31—40件, 41—50件 ….</summary>
    private static string ApplicationTier(int n) => n <= 30 ? "11—30件" : $"{31 + (n - 31) / 10 * 10}—{40 + (n - 31) / 10 * 10}件";

    private static string Yuan(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>The fee tiers of 国办函〔2020〕109号 (《政府信息公开信息处理费管理办法》), under Art. 42 of the Regulations: free as a
/// rule; an applicant whose applications clearly exceed a reasonable number or frequency may be charged, by count or by
/// volume, at these rates. Each rate applies to the part of the quantity inside its band (…的部分).</summary>
/// <remarks>
/// <para>按件计收: in one calendar month, the same applicant's applications 1–10 are free; 11–30, 100元 each; from 31, each
/// further band of 10 raises the rate by 100元 (31–40: 200元, 41–50: 300元 …).</para>
/// <para>按量计收: one application's pages 1–30 are free; pages 31–100, 10元 a page; 101–200, 20元 a page; from 201,
/// 40元 a page.</para>
/// </remarks>
public static class ProcessingFeeTiers
{
    public const int FreeApplicationsPerMonth = 10;
    public const int FreePages = 30;

    /// <summary>The fee of the <paramref name="nthThisMonth"/>-th application the applicant made to this agency in the
    /// calendar month (counting this one).</summary>
    public static FeeComputation PerApplication(int nthThisMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nthThisMonth, 1);
        return new FeeComputation(FeeMethod.PerApplication, nthThisMonth, [PerApplicationBand(nthThisMonth)]);
    }

    /// <summary>The fee of one application providing <paramref name="pages"/> pages.</summary>
    public static FeeComputation PerVolume(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 0);
        (int From, int To, decimal Unit)[] tiers = [(1, FreePages, 0m), (31, 100, 10m), (101, 200, 20m), (201, int.MaxValue, 40m)];
        var bands = tiers.Where(t => pages >= t.From)
            .Select(t => new FeeBand(t.From, Math.Min(pages, t.To), t.Unit))
            .ToList();
        return new FeeComputation(FeeMethod.PerVolume, pages, bands);
    }

    /// <summary>The band an application's ordinal falls in: the rate of that band applies to it alone.</summary>
    private static FeeBand PerApplicationBand(int n)
    {
        if (n <= FreeApplicationsPerMonth)
            return new FeeBand(n, n, 0m);
        if (n <= 30)
            return new FeeBand(n, n, 100m);
        var band = (n - 31) / 10; // 31–40 → 0, 41–50 → 1 …
        return new FeeBand(n, n, 200m + band * 100m);
    }

    /// <summary>Whether <paramref name="amountYuan"/> may be charged: more than zero and not above what the tiers allow.
    /// Returns the reason it may not, or null.</summary>
    public static string? RefuseAmount(decimal amountYuan, FeeComputation computation)
    {
        if (computation.IsFree)
            return "按收费标准，本申请在免费范围内，不得收费（国办函〔2020〕109号）。";
        if (amountYuan <= 0)
            return "收费金额须大于零（第四十二条）。";
        if (amountYuan > computation.MaximumYuan)
            return $"收费金额不得高于按收费标准计算的{computation.MaximumYuan.ToString("0.##", CultureInfo.InvariantCulture)}元（国办函〔2020〕109号）。";
        return null;
    }
}
