using CaseFlow.Domain.Fees;
using NodaTime;

namespace CaseFlow.Domain.Tests.Fees;

/// <summary>The fee notice's amount against the tiers of 国办函〔2020〕109号 at every boundary, 按件 and 按量: the tier amount is
/// allowed, one fen more never, one fen less only with a reason, and nothing when the tiers leave it free.</summary>
public class FeeNoticeRuleTests
{
    // method, quantity (nth application / pages), the tier maximum worked out by hand (元)
    public static TheoryData<string, int, decimal> Boundaries => new()
    {
        { "per-application", 10, 0m },     // 10件以下（含10件）不收费
        { "per-application", 11, 100m },   // 11—30件: 100元/件
        { "per-application", 30, 100m },
        { "per-application", 31, 200m },   // 31—40件: 200元/件
        { "per-application", 40, 200m },
        { "per-application", 41, 300m },   // 41—50件: 300元/件
        { "per-application", 50, 300m },
        { "per-application", 51, 400m },
        { "per-volume", 30, 0m },          // 30页以下（含30页）不收费
        { "per-volume", 31, 10m },         // 31—100页: 10元/页
        { "per-volume", 100, 700m },
        { "per-volume", 101, 720m },       // 101—200页: 20元/页
        { "per-volume", 200, 2700m },
        { "per-volume", 201, 2740m },      // 201页以上: 40元/页
    };

    private static FeeComputation Compute(string method, int quantity) => FeeNoticeRule.ParseMethod(method) switch
    {
        FeeMethod.PerApplication => ProcessingFeeTiers.PerApplication(quantity),
        FeeMethod.PerVolume => ProcessingFeeTiers.PerVolume(quantity),
        _ => throw new ArgumentException(method),
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void At_each_tier_boundary_the_tier_amount_may_be_charged_lowered_with_a_reason_never_raised(string method, int quantity, decimal maximum)
    {
        var computation = Compute(method, quantity);
        Assert.Equal(maximum, computation.MaximumYuan);

        if (maximum == 0)
        {
            var free = FeeNoticeRule.Refuse(computation, 0.01m, "任何理由");
            Assert.Equal("amount", free?.Field);
            Assert.Contains("免费范围", free!.Zh);
            Assert.Contains("109号", free.Zh);
            return;
        }
        Assert.Null(FeeNoticeRule.Refuse(computation, maximum, null));

        var raised = FeeNoticeRule.Refuse(computation, maximum + 0.01m, "理由不能使多收合法");
        Assert.Equal("amount", raised?.Field);
        Assert.Contains($"{FeeNoticeRule.Yuan(maximum)}元", raised!.Zh);

        var lowered = FeeNoticeRule.Refuse(computation, maximum - 0.01m, null);
        Assert.Equal("reductionReason", lowered?.Field);
        Assert.Null(FeeNoticeRule.Refuse(computation, maximum - 0.01m, "申请人经济困难"));
    }

    [Theory]
    [InlineData(0, "amount")]
    [InlineData(-5, "amount")]
    [InlineData(99.999, "amount")]
    public void The_amount_is_above_zero_in_whole_fen(double amount, string field)
    {
        Assert.Equal(field, FeeNoticeRule.Refuse(ProcessingFeeTiers.PerVolume(120), (decimal)amount, "理由")?.Field);
    }

    [Fact]
    public void A_reduction_reason_is_bounded()
    {
        Assert.Equal("reductionReason", FeeNoticeRule.Refuse(ProcessingFeeTiers.PerVolume(120), 100m, new string('理', 501))?.Field);
    }

    [Fact]
    public void The_letter_states_the_full_or_the_lowered_amount_with_the_reason()
    {
        var computation = ProcessingFeeTiers.PerVolume(120);
        Assert.Equal("按收费标准计收1100元。", FeeNoticeRule.ChargeZh(computation, 1100m, null));
        Assert.Equal("按收费标准应收1100元，减收600元，实收500元；减收理由：申请人经济困难。", FeeNoticeRule.ChargeZh(computation, 500m, "申请人经济困难。"));
    }

    [Theory]
    [InlineData("per-application", FeeMethod.PerApplication)]
    [InlineData("按件", FeeMethod.PerApplication)]
    [InlineData(" per-volume ", FeeMethod.PerVolume)]
    [InlineData("按量计收", FeeMethod.PerVolume)]
    [InlineData("by-weight", null)]
    [InlineData(null, null)]
    public void The_method_is_read_from_its_slug_or_its_chinese_name(string? text, FeeMethod? method) =>
        Assert.Equal(method, FeeNoticeRule.ParseMethod(text));

    [Theory]
    [InlineData("2026-01-01", "2026-01-01", "2026-01-31")]
    [InlineData("2026-02-28", "2026-02-01", "2026-02-28")]
    [InlineData("2024-02-29", "2024-02-01", "2024-02-29")]
    [InlineData("2026-12-31", "2026-12-01", "2026-12-31")]
    public void Applications_count_in_the_calendar_month_of_their_receipt(string received, string from, string to)
    {
        var (f, t) = FeeCounting.MonthOf(Dates.Iso(received));
        Assert.Equal(Dates.Iso(from), f);
        Assert.Equal(Dates.Iso(to), t);
    }

    [Fact]
    public void The_same_applicant_is_the_name_trimmed_as_the_early_warning_groups() =>
        Assert.Equal(FeeCounting.SameApplicant("张三"), FeeCounting.SameApplicant(" 张三 "));

    [Theory]
    [InlineData("2025-12-31", null, 2025, null)]
    [InlineData("2025-12-31", "2026-01-04", 2025, 2026)]   // served in one year, paid in the next: charged 2025, collected 2026
    [InlineData("2026-01-01", "2026-01-02", 2026, 2026)]
    public void A_fee_is_charged_in_the_year_of_service_and_collected_in_the_year_of_payment(string served, string? paid, int charged, int? collected)
    {
        Assert.Equal(charged, FeeYears.Charged(Dates.Iso(served)));
        Assert.Equal(collected, FeeYears.Collected(paid is null ? null : Dates.Iso(paid)));
    }

    [Theory]
    [InlineData(1100, 110000)]
    [InlineData(0.01, 1)]
    [InlineData(99.99, 9999)]
    public void Amounts_are_kept_in_fen(double yuan, long fen) => Assert.Equal(fen, FeeYears.Fen((decimal)yuan));
}
