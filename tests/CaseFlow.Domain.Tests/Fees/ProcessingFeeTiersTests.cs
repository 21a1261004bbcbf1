using CaseFlow.Domain.Fees;

namespace CaseFlow.Domain.Tests.Fees;

/// <summary>The information-processing fee tiers of 国办函〔2020〕109号 at every boundary. Each figure is worked out by hand
/// from the notice's text: a rate applies to the part of the quantity inside its band.</summary>
public class ProcessingFeeTiersTests
{
    public static TheoryData<int, decimal> PerApplicationCases => new()
    {
        // nth application this month   fee for it (元)
        { 1, 0m },
        { 10, 0m },     // 10件以下（含10件）不收费
        { 11, 100m },   // 11—30件的部分: 100元/件
        { 30, 100m },
        { 31, 200m },   // 31件以上，以10件为一档，每增加一档提高100元/件
        { 40, 200m },
        { 41, 300m },
        { 50, 300m },
        { 51, 400m },
        { 101, 900m },   // 91—100: 800, 101—110: 900
    };

    [Theory]
    [MemberData(nameof(PerApplicationCases))]
    public void Per_application_by_the_ordinal_in_the_calendar_month(int nth, decimal fee)
    {
        var computation = ProcessingFeeTiers.PerApplication(nth);

        Assert.Equal(fee, computation.MaximumYuan);
        Assert.Equal(FeeMethod.PerApplication, computation.Method);
    }

    public static TheoryData<int, decimal> PerVolumeCases => new()
    {
        // pages   fee (元)
        { 0, 0m },
        { 30, 0m },      // 30页以下（含30页）不收费
        { 31, 10m },     // 31—100页的部分: 10元/页
        { 100, 700m },   // 70 × 10
        { 101, 720m },   // 700 + 1 × 20
        { 200, 2700m },  // 700 + 100 × 20
        { 201, 2740m },  // 2700 + 1 × 40
        { 250, 4700m },  // 2700 + 50 × 40
    };

    [Theory]
    [MemberData(nameof(PerVolumeCases))]
    public void Per_volume_by_the_part_of_the_pages_in_each_band(int pages, decimal fee)
    {
        var computation = ProcessingFeeTiers.PerVolume(pages);

        Assert.Equal(fee, computation.MaximumYuan);
        Assert.Equal(pages, computation.Bands.Sum(b => b.Units));
    }

    [Fact]
    public void The_fee_notice_states_the_computation_band_by_band()
    {
        Assert.Equal("按量计收：本申请提供信息共120页；第31—100页，70页×10元＝700元；第101—120页，20页×20元＝400元；合计1100元。",
            ProcessingFeeTiers.PerVolume(120).ExplainZh());
        Assert.Equal("按件计收：申请人本自然月内向本机关提出的第43件申请；适用41—50件档，收费标准300元/件；合计300元。",
            ProcessingFeeTiers.PerApplication(43).ExplainZh());
        Assert.Equal("按件计收：申请人本自然月内向本机关提出的第10件申请，在免费范围内，不收费。",
            ProcessingFeeTiers.PerApplication(10).ExplainZh());
    }

    [Theory]
    [InlineData(120, 1100, true)]   // the full amount
    [InlineData(120, 500, true)]    // lowered: allowed
    [InlineData(120, 1100.01, false)] // raised beyond the tier: never
    [InlineData(120, 0, false)]
    [InlineData(30, 10, false)]     // free under the tiers: nothing may be charged
    public void A_caseworker_may_lower_the_fee_never_raise_it(int pages, double amount, bool allowed)
    {
        var refusal = ProcessingFeeTiers.RefuseAmount((decimal)amount, ProcessingFeeTiers.PerVolume(pages));

        Assert.Equal(allowed, refusal is null);
    }
}
