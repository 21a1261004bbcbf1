using CaseFlow.Domain.Reporting;
using static CaseFlow.Domain.Replies.Outcome;
using static CaseFlow.Domain.Requests.ApplicantType;

namespace CaseFlow.Domain.Tests.Reporting;

/// <summary>Issue 14: a request reopened after a challenge counts once per reply period. The first reply stays in table 三
/// of its year; the new period counts as received (一) on the day the decision was received and closes (三) in the year
/// of the new reply; open on 31 December it is in 四 and in the next year's 二 (本年二 = 上年四).</summary>
public class ReopenedRequestReportTests
{
    private static (int 一, int 二, int 三七, int 四) Rows(AnnualReport report) =>
        (report.Applications.NewlyReceived.Total, report.Applications.CarriedOver.Total, report.Applications.OutcomeTotal.Total,
            report.Applications.CarriedForward.Total);

    [Fact]
    public void Reopened_in_December_and_replied_anew_in_January()
    {
        // Received 1 March 2024, replied 20 March (不予公开); the reconsideration ordered a new reply, received 10 December;
        // replied anew 8 January 2025 (予以公开).
        var facts = ReopenedRequests.Facts(NaturalPerson, 1.March(2024), [new EarlierReply(1.March(2024), 20.March(2024), WithheldThirdPartyRights, 10.December(2024))],
            8.January(2025), Disclosed);

        var y2024 = AnnualReports.Compute(2024, facts, []);
        var y2025 = AnnualReports.Compute(2025, facts, []);

        Assert.Equal((2, 0, 1, 1), Rows(y2024));
        Assert.Equal(1, y2024.Applications[Replies.ReportRow.WithheldThirdPartyRights].Total);
        Assert.Equal((0, 1, 1, 0), Rows(y2025));
        Assert.Equal(1, y2025.Applications[Replies.ReportRow.Disclosed].Total);
        Assert.Empty(y2024.Check());
        Assert.Empty(y2025.Check(y2024));
    }

    [Fact]
    public void Reopened_and_replied_anew_in_the_same_year()
    {
        var facts = ReopenedRequests.Facts(Business, 1.March(2024), [new EarlierReply(1.March(2024), 20.March(2024), CannotProvideNotHeld, 3.June(2024))],
            20.June(2024), PartlyDisclosed);

        var y2024 = AnnualReports.Compute(2024, facts, []);

        Assert.Equal((2, 0, 2, 0), Rows(y2024));
        Assert.Equal(1, y2024.Applications[Replies.ReportRow.CannotProvideNotHeld].Total);
        Assert.Equal(1, y2024.Applications[Replies.ReportRow.PartlyDisclosed].Total);
        Assert.Empty(y2024.Check());
    }

    [Fact]
    public void A_request_reopened_in_a_later_year_leaves_the_year_of_its_first_reply_as_published()
    {
        var first = AnnualReports.Compute(2024, ReopenedRequests.Facts(NaturalPerson, 1.March(2024), [], 20.March(2024), WithheldThirdPartyRights), []);
        var facts = ReopenedRequests.Facts(NaturalPerson, 1.March(2024), [new EarlierReply(1.March(2024), 20.March(2024), WithheldThirdPartyRights, 3.March(2025))],
            null, null);

        Assert.Equal(first, AnnualReports.Compute(2024, facts, []), ReportComparer.Instance);
        var y2025 = AnnualReports.Compute(2025, facts, []);
        Assert.Equal((1, 0, 0, 1), Rows(y2025));
        Assert.Empty(y2025.Check(first));
        Assert.Equal((0, 1, 0, 1), Rows(AnnualReports.Compute(2026, facts, [])));
    }

    [Fact]
    public void Reopened_twice_counts_three_periods()
    {
        var facts = ReopenedRequests.Facts(NaturalPerson, 1.March(2024),
            [new EarlierReply(1.March(2024), 20.March(2024), WithheldThirdPartyRights, 3.June(2024)),
             new EarlierReply(3.June(2024), 20.June(2024), WithheldInternalAffairs, 2.September(2024))],
            10.September(2024), Disclosed);

        Assert.Equal(3, facts.Count);
        Assert.Equal(2.September(2024), facts[^1].ReceivedOn);
        Assert.Equal((3, 0, 3, 0), Rows(AnnualReports.Compute(2024, facts, [])));
    }

    private sealed class ReportComparer : IEqualityComparer<AnnualReport>
    {
        public static readonly ReportComparer Instance = new();
        public bool Equals(AnnualReport? a, AnnualReport? b) =>
            a is not null && b is not null && Rows(a) == Rows(b)
            && Enum.GetValues<Replies.ReportRow>().All(row => a.Applications[row] == b.Applications[row]);
        public int GetHashCode(AnnualReport r) => r.Year;
    }
}
