using CaseFlow.Cli.Bench;

namespace CaseFlow.Cli.Tests.Bench;

public sealed class ImportBenchTests
{
    [Fact]
    public async Task The_import_bench_measures_every_path_in_its_own_process_as_ratios_to_CSV()
    {
        var output = new StringWriter();

        var measures = await ImportBench.RunAsync(300, 2, output);

        Assert.Equal(6, measures.Count);
        Assert.Equal(["csv", "xlsx", "xlsx-dom", "xlsx-dom", "xlsx", "csv"], measures.Select(m => m.Path));
        Assert.All(measures, m => Assert.True(m.Milliseconds > 0 && m.PeakBytes > 0, $"{m}"));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("300 ledger rows, 2 round(s)", lines[0]);
        foreach (var path in new[] { "CSV (baseline)", ".xlsx streamed", ".xlsx document-loaded (before)" })
            Assert.Equal(2, lines.Single(l => l.StartsWith(path, StringComparison.Ordinal)).Count(c => c == '×'));
        Assert.Contains("1.00×", lines.Single(l => l.StartsWith("CSV (baseline)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bad_bench_import_options_exit_2_naming_them()
    {
        var run = CliRun.Of("bench", "import", "--rows", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rows and --rounds must be at least 1", run.Error);
    }
}
