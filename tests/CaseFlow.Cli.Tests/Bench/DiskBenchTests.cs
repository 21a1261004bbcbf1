using System.Text.Json;

namespace CaseFlow.Cli.Tests.Bench;

/// <summary>Issue 15 item 5: <c>caseflow bench disk</c> reports bytes per request after the whole lifecycle, before and
/// after pruning.</summary>
public sealed class DiskBenchTests
{
    [Fact]
    public void The_disk_bench_prints_bytes_per_request_before_and_after_pruning_as_json()
    {
        var run = CliRun.Of("bench", "disk", "--cases", "4", "--concurrency", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var document = JsonDocument.Parse(Assert.Single(run.OutLines));
        var root = document.RootElement;
        Assert.Equal(["provider", "requests", "emptyBytes", "beforePruning", "afterPruning"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, root.GetProperty("requests").GetInt32());
        var before = root.GetProperty("beforePruning").GetProperty("bytesPerRequest").GetDouble();
        var after = root.GetProperty("afterPruning").GetProperty("bytesPerRequest").GetDouble();
        // Something is kept per request (the request and its audit trail), and pruning the inbox, the sent outbox and the
        // closed request's timers frees some of it.
        Assert.True(after > 0, $"after {after}");
        Assert.True(before > after, $"before {before}, after {after}");
        // Where the bytes go: per table and per b-tree (each table's rows and each index; one entry where SQLite has no dbstat).
        foreach (var footprint in new[] { "beforePruning", "afterPruning" })
            Assert.Equal(["bytesPerRequest", "tables", "objects"], root.GetProperty(footprint).EnumerateObject().Select(p => p.Name));
        Assert.NotEmpty(root.GetProperty("afterPruning").GetProperty("objects").EnumerateObject());
    }

    [Theory]
    [InlineData("--cases", "0", "--cases")]
    [InlineData("--provider", "PostgreSql", "--connection-string")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string named)
    {
        var run = CliRun.Of("bench", "disk", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error);
    }
}
