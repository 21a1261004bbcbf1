using System.Globalization;
using System.Text.Json;
using CaseFlow.Domain.Fees;
using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Workflows.Fees;

/// <summary>The facts a fee notice letter carries about its amount (issue 17 item 5): the method, the quantity the tiers
/// apply to (the applicant's n-th application this calendar month at this agency, counted by the letters desk from the
/// requests table; or the pages), the amount and the reason for lowering it. The workflow applies
/// <see cref="FeeNoticeRule"/> to them when the fee notice is issued.</summary>
public static class FeeNoticeFacts
{
    public const string Method = "fee_method";
    public const string Quantity = "fee_quantity";
    public const string Amount = "input_fee_amount";
    public const string ReductionReason = "input_fee_reduction_reason";
    /// <summary>The basis and standard the served fee notice records on the request (<see cref="ProcessingFee.Basis"/>): the
    /// computation, under the name the service step reads.</summary>
    public const string Basis = "input_fee_basis";

    /// <summary>The tier computation the facts name, or null when the method or quantity is missing or out of range.</summary>
    public static FeeComputation? Computation(IReadOnlyDictionary<string, string> facts)
    {
        if (FeeNoticeRule.ParseMethod(facts.GetValueOrDefault(Method)) is not { } method
            || !int.TryParse(facts.GetValueOrDefault(Quantity), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            || quantity > FeeNoticeRule.MaxPages)
            return null;
        return method switch
        {
            FeeMethod.PerApplication when quantity >= 1 => ProcessingFeeTiers.PerApplication(quantity),
            FeeMethod.PerVolume => ProcessingFeeTiers.PerVolume(quantity),
            _ => null,
        };
    }

    public static decimal? AmountOf(IReadOnlyDictionary<string, string> facts) =>
        decimal.TryParse(facts.GetValueOrDefault(Amount)?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan) ? yuan : null;

    /// <summary>Why the fee notice with these facts (the letter's facts as JSON) may not be issued, or null.</summary>
    public static Refusal? Refuse(string? factsJson)
    {
        Dictionary<string, string> facts;
        try
        {
            facts = string.IsNullOrWhiteSpace(factsJson) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(factsJson) ?? [];
        }
        catch (JsonException)
        {
            facts = [];
        }
        if (Computation(facts) is not { } computation)
            return new("收费通知须按收费标准计算：请选择按件或按量计收，按量计收须填写页数（国办函〔2020〕109号）。",
                "The fee notice is computed by the tiers: choose per application or per volume, with the pages for per volume (Guobanhan [2020] No. 109).");
        if (AmountOf(facts) is not { } amount)
            return new("收费金额须为数字（元）。", "The amount must be a number of yuan.");
        return FeeNoticeRule.Refuse(computation, amount, facts.GetValueOrDefault(ReductionReason)) is { } refused ? new(refused.Zh, refused.En) : null;
    }
}
