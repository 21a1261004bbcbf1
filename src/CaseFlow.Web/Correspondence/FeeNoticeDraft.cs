using System.Data.Common;
using System.Globalization;
using CaseFlow.Domain.Fees;
using CaseFlow.Persistence.Requests;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Fees;

namespace CaseFlow.Web.Correspondence;

/// <summary>The fee notice's computation (issue 17 item 5; Art. 42, 国办函〔2020〕109号): from the method the caseworker chooses,
/// the quantity the tiers apply to — 按件: the applicant's n-th application this calendar month at this agency, counted
/// from the requests table (<see cref="FeeCounting"/>); 按量: the pages — the tier computation shown in the letter, and the
/// amount (the tier's by default, lower with a reason, never higher: <see cref="FeeNoticeRule"/>).</summary>
public static class FeeNoticeDraft
{
    public const string MethodInput = "input_fee_method";
    public const string PagesInput = "input_fee_pages";

    /// <summary>The tier computation for the method and pages given (<paramref name="methodField"/>,
    /// <paramref name="pagesField"/> name the fields in errors): 按件 counts the applicant's applications of the calendar month
    /// at this agency from the requests table.</summary>
    public static async Task<(FeeComputation? Computation, FieldError? Error)> ComputationAsync(DbConnection connection, DisclosureRequestState state,
        string agencyCode, string? methodText, string? pagesText, string methodField, string pagesField)
    {
        if (FeeNoticeRule.ParseMethod(methodText) is not { } method)
            return (null, new FieldError(methodField, "请填写收费方式：按件 或 按量（国办函〔2020〕109号，一件申请只适用一种方式）。",
                "Give the method: per-application or per-volume (one method per application)."));
        if (method == FeeMethod.PerVolume)
        {
            if (!int.TryParse(pagesText?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pages) || pages > FeeNoticeRule.MaxPages)
                return (null, new FieldError(pagesField, $"按量计收须填写提供信息的页数（0—{FeeNoticeRule.MaxPages}的整数）。",
                    $"Per volume needs the pages provided (a whole number 0–{FeeNoticeRule.MaxPages})."));
            return (ProcessingFeeTiers.PerVolume(pages), null);
        }
        var received = state.ReceivedOn ?? state.RegisteredAt.InZone(ChinaTime.Zone).Date;
        var nth = await ApplicationCounts.OrdinalInMonthAsync(connection, agencyCode, FeeCounting.SameApplicant(state.Applicant.Name),
            FeeCounting.MonthOf(received).From, received, state.TrackingNumber);
        return (ProcessingFeeTiers.PerApplication(nth), null);
    }

    /// <summary>The letter's facts about its fee (<see cref="FeeNoticeFacts"/>), errors naming the caseworker's fields.
    /// Sets the amount to the tier's when left blank.</summary>
    public static async Task<Dictionary<string, string>> FactsAsync(DbConnection connection, DisclosureRequestState state, string agencyCode,
        Dictionary<string, string> inputs, List<FieldError> errors)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var (found, error) = await ComputationAsync(connection, state, agencyCode, inputs.GetValueOrDefault(MethodInput), inputs.GetValueOrDefault(PagesInput),
            MethodInput, PagesInput);
        if (found is not { } computation)
        {
            errors.Add(error!);
            return facts;
        }
        facts[FeeNoticeFacts.Method] = computation.Method.Slug();
        facts[FeeNoticeFacts.Quantity] = computation.Quantity.ToString(CultureInfo.InvariantCulture);
        facts["fee_computation"] = computation.ExplainZh();
        if (string.IsNullOrWhiteSpace(inputs.GetValueOrDefault(FeeNoticeFacts.Amount)) && !computation.IsFree)
            inputs[FeeNoticeFacts.Amount] = FeeNoticeRule.Yuan(computation.MaximumYuan);
        // Free under the tiers: the rule says so, whatever the amount typed.
        if ((FeeNoticeFacts.AmountOf(inputs) ?? (computation.IsFree ? 0m : null)) is not { } amount)
        {
            errors.Add(new FieldError(FeeNoticeFacts.Amount, "金额须为数字（元）。", "The amount must be a number of yuan."));
            return facts;
        }
        var reason = inputs.GetValueOrDefault(FeeNoticeFacts.ReductionReason);
        if (FeeNoticeRule.Refuse(computation, amount, reason) is { } refused)
        {
            errors.Add(new FieldError(refused.Field == "reductionReason" ? FeeNoticeFacts.ReductionReason : FeeNoticeFacts.Amount, refused.Zh, refused.En));
            return facts;
        }
        facts["fee_charge"] = FeeNoticeRule.ChargeZh(computation, amount, reason);
        facts[FeeNoticeFacts.Basis] = $"国办函〔2020〕109号，{computation.ExplainZh()}{facts["fee_charge"]}";
        return facts;
    }

    /// <summary>The API's <c>fee-notice</c> action (a notice made elsewhere, <c>{servedOn, amount, basis, method, pages,
    /// reductionReason}</c>) under the same rule: errors name <c>method</c>, <c>pages</c>, <c>amount</c> or
    /// <c>reductionReason</c>.</summary>
    public static async Task<FieldError?> RefuseActionAsync(DbConnection connection, DisclosureRequestState state, string agencyCode, string? method,
        string? pages, decimal amount, string? reductionReason)
    {
        var (found, error) = await ComputationAsync(connection, state, agencyCode, method, pages, "method", "pages");
        if (found is not { } computation)
            return error;
        return FeeNoticeRule.Refuse(computation, amount, reductionReason) is { } refused ? new FieldError(refused.Field, refused.Zh, refused.En) : null;
    }
}
