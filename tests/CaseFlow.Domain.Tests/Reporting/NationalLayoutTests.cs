using CaseFlow.Domain.Reporting;
using static CaseFlow.Domain.Replies.Outcome;
using static CaseFlow.Domain.Requests.ApplicantType;

namespace CaseFlow.Domain.Tests.Reporting;

/// <summary>The printed rows of tables 三 and 四 in the 2021 and 2019 layouts (NationalLayout).</summary>
public class NationalLayoutTests
{
    private static readonly AnnualReport Report = AnnualReports.Compute(2020,
    [
        new RequestFact(NaturalPerson, 3.March(2020), 20.March(2020), Disclosed),
        new RequestFact(NaturalPerson, 4.March(2020), 20.April(2020), OtherNotCorrected),
        new RequestFact(Business, 5.March(2020), 21.April(2020), OtherFeeNotPaid),
        new RequestFact(Business, 6.March(2020), 22.April(2020), OtherHandling),
        new RequestFact(LegalServiceProvider, 7.March(2020)),
    ],
    [
        new Challenge(ChallengeKind.Reconsideration, false, 1.May(2020), ChallengeResult.Upheld, 1.June(2020)),
        new Challenge(ChallengeKind.Litigation, true, 1.May(2020), ChallengeResult.Corrected, 1.July(2020)),
        new Challenge(ChallengeKind.Litigation, false, 1.May(2020), ChallengeResult.Pending),
    ]);

    [Fact]
    public void The_2021_layout_prints_three_rows_under_the_heading_of_三六()
    {
        var lines = NationalLayout.Table3(Report, ReportFormat.Format2021);

        var heading = lines.Single(l => l.Label == "三(六)");
        Assert.True(heading.IsHeading);
        Assert.Equal("（六）其他处理", heading.Title);
        Assert.Equal(["三(六)1", "三(六)2", "三(六)3"], lines.Where(l => l.Label.StartsWith("三(六)") && !l.IsHeading).Select(l => l.Label));
        Assert.Equal(1, lines.Single(l => l.Label == "三(六)2").Counts!.Business);
        Assert.Equal(30, lines.Count); // 一 二 三, 21 outcome rows, 4 group headings, 三(七), 四
    }

    [Fact]
    public void The_2019_layout_prints_三六_as_one_row_summing_the_three()
    {
        var lines = NationalLayout.Table3(Report, ReportFormat.Format2019);

        var other = lines.Single(l => l.Label.StartsWith("三(六)"));
        Assert.False(other.IsHeading);
        Assert.Equal("（六）其他处理", other.Title);
        Assert.Equal(new ColumnCounts(1, 2, 0, 0, 0, 0, 3), other.Counts);
        Assert.Equal(27, lines.Count); // the heading and three rows of 三(六) become one row
        // Every other row is printed as in 2021, and the rows still add up to 三(七).
        var outcomeRows = lines.Where(l => l.Label.StartsWith("三(") && l.Label != "三(七)" && !l.IsHeading).Sum(l => l.Counts!.Total);
        Assert.Equal(Report.Applications.OutcomeTotal.Total, outcomeRows);
        Assert.Equal(
            NationalLayout.Table3(Report, ReportFormat.Format2021).Where(l => !l.Label.StartsWith("三(六)")).Select(l => (l.Label, l.Title, l.Counts)),
            lines.Where(l => !l.Label.StartsWith("三(六)")).Select(l => (l.Label, l.Title, l.Counts)));
    }

    [Fact]
    public void Table_四_is_one_row_of_15_columns_in_national_order()
    {
        var cells = NationalLayout.Table4(Report.Challenges);

        Assert.Equal(15, cells.Count);
        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1], cells.Select(c => c.Value));
        Assert.Equal(["行政复议", "行政诉讼", "行政诉讼"], cells.Chunk(5).Select(b => b.Select(c => c.Group).Distinct().Single()));
        Assert.Equal([null, "未经复议直接起诉", "复议后起诉"], cells.Chunk(5).Select(b => b[0].SubGroup));
        Assert.All(cells.Chunk(5), b => Assert.Equal(NationalLayout.ChallengeColumns, b.Select(c => c.Name)));
    }

    [Theory]
    [InlineData(null, ReportFormat.Format2021)]
    [InlineData("2021", ReportFormat.Format2021)]
    [InlineData("2019", ReportFormat.Format2019)]
    [InlineData("2020", null)]
    [InlineData("x", null)]
    public void The_format_flag_names_2021_or_2019(string? text, ReportFormat? expected) =>
        Assert.Equal(expected, NationalLayout.ParseFormat(text));
}
