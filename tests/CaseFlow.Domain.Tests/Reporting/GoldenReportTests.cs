using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Replies;
using static CaseFlow.Domain.Replies.Outcome;
using static CaseFlow.Domain.Requests.ApplicantType;

namespace CaseFlow.Domain.Tests.Reporting;

/// <summary>A county department's 2024, built by hand and counted by hand, row by row, as the national format
/// (国办公开办函〔2021〕30号) prints it.</summary>
public class GoldenReportTests
{
    private static readonly RequestFact[] Requests =
    [
        new(NaturalPerson, 20.December(2023), 8.January(2024), Disclosed),                // 二, 三(一)
        new(Business, 28.December(2023), 3.January(2025), AlreadyPublic),                  // 二, 四
        new(NaturalPerson, 1.May(2023), 1.June(2023), Disclosed),                          // a 2023 matter only
        new(NaturalPerson, 1.March(2024), 20.March(2024), PartlyDisclosed),                // 一, 三(二)
        new(NaturalPerson, 2.April(2024), 30.April(2024), CannotProvideNotThisAgency),     // 一, 三(四)1
        new(NaturalPerson, 3.April(2024), 6.May(2024), CannotProvideNotHeld),              // 一, 三(四)1
        new(LegalServiceProvider, 10.June(2024), 8.July(2024), WithheldThirdPartyRights), // 一, 三(三)4
        new(ResearchInstitution, 27.September(2024), 30.October(2024), NotProcessedRepeat), // 一, 三(五)2
        new(OtherOrganization, 4.November(2024), 5.November(2024), OtherHandling),         // 一, 三(六)3 (withdrawn)
        new(NaturalPerson, 30.December(2024), 20.January(2025), Disclosed),                // 一, 四
        new(NonProfit, 31.December(2024)),                                                 // 一, 四
        new(NaturalPerson, 2.January(2025)),                                               // a 2025 matter only
    ];

    private static readonly Challenge[] Challenges =
    [
        new(ChallengeKind.Reconsideration, false, 1.February(2024), ChallengeResult.Upheld, 1.April(2024)),
        new(ChallengeKind.Reconsideration, false, 1.May(2024), ChallengeResult.Corrected, 1.June(2024)),
        new(ChallengeKind.Reconsideration, false, 20.November(2024), ChallengeResult.Upheld, 10.January(2025)),
        new(ChallengeKind.Litigation, false, 1.March(2024), ChallengeResult.Other, 1.September(2024)),
        new(ChallengeKind.Litigation, true, 1.July(2024), ChallengeResult.Pending),
        new(ChallengeKind.Reconsideration, false, 1.December(2023), ChallengeResult.Corrected, 1.February(2024)),
    ];

    private static readonly AnnualReport Report = AnnualReports.Compute(2024, Requests, Challenges);

    //                                              自然人 商业企业 科研机构 社会公益 法律服务 其他 总计
    [Theory]
    [InlineData("一", 4, 0, 1, 1, 1, 1, 8)]
    [InlineData("二", 1, 1, 0, 0, 0, 0, 2)]
    [InlineData("三(一)", 1, 0, 0, 0, 0, 0, 1)]
    [InlineData("三(二)", 1, 0, 0, 0, 0, 0, 1)]
    [InlineData("三(三)1", 0, 0, 0, 0, 0, 0, 0)]
    [InlineData("三(三)4", 0, 0, 0, 0, 1, 0, 1)]
    [InlineData("三(四)1", 2, 0, 0, 0, 0, 0, 2)]
    [InlineData("三(五)2", 0, 0, 1, 0, 0, 0, 1)]
    [InlineData("三(六)3", 0, 0, 0, 0, 0, 1, 1)]
    [InlineData("三(七)", 4, 0, 1, 0, 1, 1, 7)]
    [InlineData("四", 1, 1, 0, 1, 0, 0, 3)]
    public void Table_三_of_2024(string row, int naturalPerson, int business, int research, int nonProfit, int legal, int other, int total)
    {
        var a = Report.Applications;
        var counts = row switch
        {
            "一" => a.NewlyReceived,
            "二" => a.CarriedOver,
            "三(七)" => a.OutcomeTotal,
            "四" => a.CarriedForward,
            _ => a.Outcomes.Single(o => o.Label == row).Counts,
        };

        Assert.Equal(new ColumnCounts(naturalPerson, business, research, nonProfit, legal, other, total), counts);
    }

    [Fact]
    public void Table_三_has_the_twenty_one_outcome_rows_in_national_order()
    {
        Assert.Equal(
            ["三(一)", "三(二)", "三(三)1", "三(三)2", "三(三)3", "三(三)4", "三(三)5", "三(三)6", "三(三)7", "三(三)8",
             "三(四)1", "三(四)2", "三(四)3", "三(五)1", "三(五)2", "三(五)3", "三(五)4", "三(五)5", "三(六)1", "三(六)2", "三(六)3"],
            Report.Applications.Outcomes.Select(o => o.Label));
    }

    [Fact]
    public void Table_四_of_2024_counts_challenges_filed_in_2024_with_their_result_on_31_December()
    {
        Assert.Equal(new ChallengeCounts(1, 1, 0, 1, 3), Report.Challenges.Reconsideration);
        Assert.Equal(new ChallengeCounts(0, 0, 1, 0, 1), Report.Challenges.LitigationWithoutReconsideration);
        Assert.Equal(new ChallengeCounts(0, 0, 0, 1, 1), Report.Challenges.LitigationAfterReconsideration);
    }

    [Fact]
    public void The_golden_year_satisfies_every_rule_of_the_format_and_follows_2023()
    {
        var previous = AnnualReports.Compute(2023, Requests, Challenges);

        Assert.Empty(Report.Check(previous));
        Assert.Equal(new ColumnCounts(1, 1, 0, 0, 0, 0, 2), previous.Applications.CarriedForward);
        Assert.Equal(previous.Applications.CarriedForward, Report.Applications.CarriedOver);
    }

    [Fact]
    public void A_closed_request_without_an_outcome_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AnnualReports.Compute(2024, [new(NaturalPerson, 2.April(2024), 30.April(2024))], []));

        Assert.Contains("2024-04-30", error.Message);
    }

    [Fact]
    public void Both_not_held_and_not_this_agency_count_in_三_四_1() =>
        Assert.Equal(ReportRow.CannotProvideNotHeld, CannotProvideNotThisAgency.Row());
}
