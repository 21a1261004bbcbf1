namespace CaseFlow.Cli.Tests.Bench;

public sealed class ReportsBenchTests
{
    [Fact]
    public void The_reports_bench_times_every_supervisor_query_against_the_baseline_of_the_same_run()
    {
        var run = CliRun.Of("bench", "reports", "--count", "3000");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3,000 requests", run.Out);
        foreach (var line in new[] { "SELECT COUNT(*) requests (baseline)", "dashboard, one agency", "dashboard, all agencies", "督办 due soon", "督办 overdue",
                     "督办 replied late", "annual report 2024, one agency", "annual report 2024, all agencies", "workbench open, page 1",
                     "recounted from rows, one agency", "recounted from rows, all agencies" })
            Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith(line, StringComparison.Ordinal) && l.TrimEnd().EndsWith('×'));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--provider", "PostgreSql")]
    [InlineData("--provider", "SqlServer")]
    public void Bad_bench_options_exit_2_with_one_line_naming_the_option(string option, string value)
    {
        var run = CliRun.Of("bench", "reports", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option == "--count" ? "--count" : value == "PostgreSql" ? "--connection-string" : "--provider", run.Error);
    }
}
