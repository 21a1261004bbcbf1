using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CsCheck;
using NodaTime;

namespace CaseFlow.Domain.Tests.Reporting;

/// <summary>The arithmetic of the national format (国办公开办函〔2021〕30号) holds for any set of requests and challenges,
/// and <see cref="AnnualReport.Check"/> names each rule a tampered report breaks.</summary>
public class ReportArithmeticProperties
{
    private static readonly LocalDate Epoch = 1.January(2020);

    private static readonly Gen<RequestFact> Request =
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 6 * 366], Gen.Int[-1, 500], Gen.Int[0, Outcomes.All.Count - 1])
            .Select((type, received, days, outcome) => days < 0
                ? new RequestFact((ApplicantType)type, Epoch.PlusDays(received))
                : new RequestFact((ApplicantType)type, Epoch.PlusDays(received), Epoch.PlusDays(received + days), Outcomes.All[outcome]));

    private static readonly Gen<Challenge> AChallenge =
        Gen.Select(Gen.Int[1, 2], Gen.Bool, Gen.Int[0, 6 * 366], Gen.Int[1, 4], Gen.Int[-1, 400])
            .Select((kind, after, filed, result, days) => new Challenge((ChallengeKind)kind, after, Epoch.PlusDays(filed),
                days < 0 ? ChallengeResult.Pending : (ChallengeResult)result, days < 0 ? null : Epoch.PlusDays(filed + days)));

    private static readonly Gen<(RequestFact[] Requests, Challenge[] Challenges, int Year)> Facts =
        Gen.Select(Request.Array[0, 200], AChallenge.Array[0, 30], Gen.Int[2020, 2025]);

    [Fact]
    public void Every_computed_report_satisfies_every_rule_and_follows_the_previous_year() =>
        Facts.Sample((requests, challenges, year) =>
        {
            var report = AnnualReports.Compute(year, requests, challenges);
            var previous = AnnualReports.Compute(year - 1, requests, challenges);
            return report.Check(previous).Count == 0;
        });

    [Fact]
    public void Each_request_received_by_31_December_and_not_closed_before_the_year_is_counted_once_on_each_side() =>
        Facts.Sample((requests, _, year) =>
        {
            var a = AnnualReports.Compute(year, requests, []).Applications;
            var (first, last) = AnnualReports.Bounds(year);
            var alive = requests.Count(r => r.ReceivedOn <= last && (r.ClosedOn is null || r.ClosedOn >= first));
            var closed = requests.Count(r => r.ClosedOn >= first && r.ClosedOn <= last);
            var open = requests.Count(r => r.ReceivedOn <= last && (r.ClosedOn is null || r.ClosedOn > last));
            return a.NewlyReceived.Total + a.CarriedOver.Total == alive
                && a.OutcomeTotal.Total == closed
                && a.CarriedForward.Total == open
                && a.NewlyReceived.Total == requests.Count(r => r.ReceivedOn.Year == year);
        });

    [Fact]
    public void Counting_in_groups_gives_the_same_report_as_counting_one_by_one() =>
        Facts.Sample((requests, challenges, year) =>
        {
            var whole = AnnualReports.Compute(year, requests, challenges);
            var tally = AnnualReports.Tally(year, requests).Concat(AnnualReports.Tally(year, requests.Reverse())).ToList();
            var doubled = AnnualReports.FromTally(year, tally, AnnualReports.Tally(year, challenges));
            return doubled.Applications.NewlyReceived.Total == 2 * whole.Applications.NewlyReceived.Total
                && doubled.Applications.CarriedForward.Total == 2 * whole.Applications.CarriedForward.Total
                && doubled.Check().Count == 0;
        });

    [Fact]
    public void A_tampered_total_column_is_named() =>
        Facts.Where((requests, _, year) => requests.Any(r => r.ReceivedOn.Year == year)).Sample((requests, challenges, year) =>
        {
            var report = AnnualReports.Compute(year, requests, challenges);
            var received = report.Applications.NewlyReceived;
            var tampered = report with { Applications = report.Applications with { NewlyReceived = received with { Total = received.Total + 1 } } };
            var broken = tampered.Check();
            return broken.Any(b => b.Rule == AnnualReport.RuleColumnTotal && b.Where == "一")
                && broken.Any(b => b.Rule == AnnualReport.RuleBalance && b.Where == "总计")
                && broken.All(b => b.Rule is AnnualReport.RuleColumnTotal or AnnualReport.RuleBalance);
        });

    [Fact]
    public void A_request_moved_from_one_column_to_another_in_one_row_breaks_the_balance_of_both_columns()
    {
        var report = AnnualReports.Compute(2024, [new RequestFact(ApplicantType.Business, 2.April(2024), 30.April(2024), Outcome.Disclosed)], []);
        var outcomes = report.Applications.Outcomes.Select(o => o.Row == ReportRow.Disclosed
            ? o with { Counts = new ColumnCounts(1, 0, 0, 0, 0, 0, 1) }
            : o).ToList();
        var tampered = report with { Applications = report.Applications with { Outcomes = outcomes } };

        var broken = tampered.Check();

        Assert.Equal(
            [(AnnualReport.RuleOutcomeTotal, "自然人"), (AnnualReport.RuleOutcomeTotal, "商业企业")],
            broken.Select(b => (b.Rule, b.Where)));
    }

    [Fact]
    public void Carried_over_requests_that_differ_from_last_year_are_named_per_column()
    {
        RequestFact[] requests = [new(ApplicantType.NonProfit, 20.December(2023))];
        var report = AnnualReports.Compute(2024, requests, []);
        var lastYearPublished = AnnualReports.Compute(2023, [], []);

        var broken = report.Check(lastYearPublished);

        Assert.Equal([(AnnualReport.RuleCarriedOver, "社会公益组织"), (AnnualReport.RuleCarriedOver, "总计")], broken.Select(b => (b.Rule, b.Where)));
    }

    [Fact]
    public void A_challenge_block_whose_total_is_wrong_is_named()
    {
        var report = AnnualReports.Compute(2024, [], []);
        var tampered = report with { Challenges = report.Challenges with { LitigationAfterReconsideration = new ChallengeCounts(1, 0, 0, 0, 2) } };

        var broken = Assert.Single(tampered.Check());

        Assert.Equal(AnnualReport.RuleChallengeTotal, broken.Rule);
        Assert.Equal("行政诉讼 复议后起诉", broken.Where);
    }
}
