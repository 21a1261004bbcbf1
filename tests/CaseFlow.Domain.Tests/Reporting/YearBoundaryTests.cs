using CaseFlow.Domain.Reporting;
using static CaseFlow.Domain.Replies.Outcome;
using static CaseFlow.Domain.Requests.ApplicantType;

namespace CaseFlow.Domain.Tests.Reporting;

/// <summary>Where a request counts when the calendar year turns (国办公开办函〔2021〕30号, table 三 rows 一, 二, 三, 四).</summary>
public class YearBoundaryTests
{
    private static (int 一, int 二, int 三七, int 四) Rows(int year, RequestFact request)
    {
        var a = AnnualReports.Compute(year, [request], []).Applications;
        return (a.NewlyReceived.Total, a.CarriedOver.Total, a.OutcomeTotal.Total, a.CarriedForward.Total);
    }

    [Fact]
    public void Received_in_December_and_replied_in_January_is_carried_over()
    {
        var request = new RequestFact(NaturalPerson, 29.December(2023), 5.January(2024), Disclosed);

        Assert.Equal((1, 0, 0, 1), Rows(2023, request));
        Assert.Equal((0, 1, 1, 0), Rows(2024, request));
        Assert.Equal((0, 0, 0, 0), Rows(2025, request));
    }

    [Fact]
    public void Received_on_31_December_and_replied_the_same_day_stays_in_its_year()
    {
        var request = new RequestFact(Business, 31.December(2024), 31.December(2024), Disclosed);

        Assert.Equal((1, 0, 1, 0), Rows(2024, request));
        Assert.Equal((0, 0, 0, 0), Rows(2025, request));
    }

    [Fact]
    public void Received_on_1_January_counts_only_from_that_year()
    {
        var request = new RequestFact(NaturalPerson, 1.January(2025), 3.February(2025), PartlyDisclosed);

        Assert.Equal((0, 0, 0, 0), Rows(2024, request));
        Assert.Equal((1, 0, 1, 0), Rows(2025, request));
    }

    [Fact]
    public void A_request_open_for_three_years_is_carried_over_each_year_until_closed()
    {
        var request = new RequestFact(ResearchInstitution, 15.November(2022), 10.March(2025), CannotProvideNeedsCreation);

        Assert.Equal((1, 0, 0, 1), Rows(2022, request));
        Assert.Equal((0, 1, 0, 1), Rows(2023, request));
        Assert.Equal((0, 1, 0, 1), Rows(2024, request));
        Assert.Equal((0, 1, 1, 0), Rows(2025, request));
    }

    [Fact]
    public void A_challenge_filed_in_December_and_decided_in_January_is_pending_in_its_year_and_absent_from_the_next()
    {
        Challenge[] challenge = [new(ChallengeKind.Reconsideration, false, 30.December(2024), ChallengeResult.Corrected, 6.January(2025))];

        Assert.Equal(new ChallengeCounts(0, 0, 0, 1, 1), AnnualReports.Compute(2024, [], challenge).Challenges.Reconsideration);
        Assert.Equal(ChallengeCounts.Zero, AnnualReports.Compute(2025, [], challenge).Challenges.Reconsideration);
    }
}
