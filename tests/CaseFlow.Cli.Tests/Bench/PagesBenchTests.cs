using System.Text.Json;
using Dapper;
using CaseFlow.Testing;

namespace CaseFlow.Cli.Tests.Bench;

public sealed class PagesBenchTests
{
    private static readonly string[] Pages = ["workbench", "api-open-list", "followup-overdue", "dashboard", "status-lookup", "annual-report"];

    /// <summary>The JSON the issue names, each page once, in order, with positive timings and a ratio to the baseline.</summary>
    private static void AssertShape(string json, int requests)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["requests", "queries"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(requests, root.GetProperty("requests").GetInt32());
        var queries = root.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(Pages, queries.Select(q => q.GetProperty("name").GetString()));
        foreach (var q in queries)
        {
            Assert.Equal(["name", "p50Ms", "p95Ms", "ratio"], q.EnumerateObject().Select(p => p.Name));
            Assert.True(q.GetProperty("p50Ms").GetDouble() > 0);
            Assert.True(q.GetProperty("p95Ms").GetDouble() >= q.GetProperty("p50Ms").GetDouble());
            Assert.True(q.GetProperty("ratio").GetDouble() > 0);
        }
    }

    [Fact]
    public void The_pages_bench_prints_each_page_against_the_baseline_as_json_on_sqlite()
    {
        var run = CliRun.Of("bench", "pages", "--requests", "1500", "--rounds", "3", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        AssertShape(Assert.Single(run.OutLines), 1500);
    }

    [Fact]
    public void The_pages_bench_prints_a_table_with_the_seeding_time()
    {
        var run = CliRun.Of("bench", "pages", "--requests", "800", "--open-share", "0.2", "--rounds", "2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("800 requests (20 % open)", run.Out);
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("seeded ", StringComparison.Ordinal));
        foreach (var page in Pages)
            Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith(page + " ", StringComparison.Ordinal) && l.TrimEnd().EndsWith('×'));
    }

    [Fact]
    public async Task The_pages_bench_seeds_an_empty_postgresql_database_by_copy_and_times_the_same_pages()
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("pagesbench");

        var run = CliRun.Of("bench", "pages", "--requests", "1200", "--rounds", "2", "--provider", "postgres", "--connection-string", connectionString, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        AssertShape(Assert.Single(run.OutLines), 1200);
        // The counters the seeding updated in bulk were timed compact, as the product keeps them: rewriting them again
        // frees nothing (without the bench's rewrite report_request_counts held 10 pages here, rewritten 8).
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            foreach (var table in new[] { "report_request_counts", "timeliness_counts" })
            {
                var timed = await connection.ExecuteScalarAsync<long>($"SELECT pg_relation_size('{table}')");
                await connection.ExecuteAsync($"VACUUM FULL {table}");
                Assert.Equal(await connection.ExecuteScalarAsync<long>($"SELECT pg_relation_size('{table}')"), timed);
            }
        }
        // A second run refuses a database that already holds requests.
        var again = CliRun.Of("bench", "pages", "--requests", "10", "--provider", "postgres", "--connection-string", connectionString);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--connection-string", again.Error);
    }

    [Fact]
    public async Task The_pages_bench_times_a_database_seeded_earlier_without_seeding_it_again()
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-pages-reuse-").FullName;
        var file = Path.Combine(directory, "pages.db");
        try
        {
            var database = new CaseFlow.Persistence.Database(new CaseFlow.Persistence.DatabaseOptions
                { Provider = CaseFlow.Persistence.DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
            await new CaseFlow.Persistence.Migrations.Migrator(database, NodaTime.SystemClock.Instance).MigrateAsync();
            await CaseFlow.Cli.Bench.PagesBench.SeedAsync(database, new CaseFlow.Cli.Bench.PagesBenchOptions(600, 0.05, CaseFlow.Persistence.DatabaseProvider.Sqlite, null, 1, false));
            Environment.SetEnvironmentVariable("CASEFLOW_BENCH_SEEDED", file);

            var run = CliRun.Of("bench", "pages", "--requests", "600", "--rounds", "2");
            var wrongSize = CliRun.Of("bench", "pages", "--requests", "700", "--rounds", "2");

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("not seeded", StringComparison.Ordinal));
            Assert.DoesNotContain(run.OutLines, l => l.TrimStart().StartsWith("seeded ", StringComparison.Ordinal));
            Assert.Equal(2, wrongSize.ExitCode);
            Assert.Contains("CASEFLOW_BENCH_SEEDED", wrongSize.Error);
            Assert.True(File.Exists(file));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CASEFLOW_BENCH_SEEDED", null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--requests", "0", "--requests")]
    [InlineData("--open-share", "1.5", "--open-share")]
    [InlineData("--open-share", "-0.1", "--open-share")]
    [InlineData("--provider", "oracle", "--provider")]
    [InlineData("--provider", "postgres", "--connection-string")]
    [InlineData("--rounds", "0", "--rounds")]
    public void Bad_pages_bench_options_exit_2_with_one_line_naming_the_option(string option, string value, string named)
    {
        var run = CliRun.Of("bench", "pages", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, run.Error);
        Assert.Equal("", run.Out);
    }
}
