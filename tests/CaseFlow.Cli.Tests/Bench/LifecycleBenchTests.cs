using System.Text.Json;
using CaseFlow.Cli.Bench;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Cli.Tests.Bench;

public sealed class LifecycleBenchTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-lifecycle-test-").FullName;

    [Fact]
    public async Task The_baseline_writes_what_the_engine_writes_for_the_same_path()
    {
        const int cases = 4;
        var options = new LifecycleBenchOptions(cases, 1, DatabaseProvider.Sqlite, null, "InMemory", "127.0.0.1", 5672, 1);
        var engineDatabase = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "engine.db")}" });
        var baselineDatabase = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "baseline.db")}" });
        var today = ChinaTime.Today(SystemClock.Instance);
        using (var node = await LifecycleBench.StartNodeAsync(LifecycleBench.Settings(options, $"Data Source={Path.Combine(_directory, "engine.db")}")))
        {
            for (var i = 0; i < cases; i++)
                await LifecycleBench.DriveAsync(node.Services, Guid.NewGuid(), today, LifecycleBench.Agency);
            await node.StopAsync();
        }
        await new Migrator(baselineDatabase, SystemClock.Instance).MigrateAsync();
        for (var i = 0; i < cases; i++)
        {
            var id = Guid.NewGuid();
            for (var step = 0; step < LifecycleBench.TransitionsPerCase; step++)
                await LifecycleBench.BaselineTransitionAsync(baselineDatabase, id, step, today, LifecycleBench.Agency);
        }

        var engine = await LifecycleBench.FootprintAsync(engineDatabase);
        var baseline = await LifecycleBench.FootprintAsync(baselineDatabase);

        Assert.Equal(cases, engine["requests rows"]);
        Assert.Equal(cases, engine["requests closed"]);
        Assert.Equal(cases, engine["requests distinct tracking numbers"]);
        Assert.True(engine["outbox rows"] > 0 && engine["deadlines rows"] > 0 && engine["timeliness_counts rows"] > 0 && engine["stage_time_counts rows"] > 0);
        foreach (var (key, value) in engine.Where(e => !e.Key.EndsWith(" bytes", StringComparison.Ordinal)))
            Assert.True(value == baseline[key], $"{key}: engine {value}, baseline {baseline[key]}");
        // The JSON differs only in values the baseline cannot know without the engine's clock (the statutory due dates).
        foreach (var (key, value) in engine.Where(e => e.Key.EndsWith(" bytes", StringComparison.Ordinal)))
            Assert.True(Math.Abs(value - baseline[key]) <= value * 0.05, $"{key}: engine {value}, baseline {baseline[key]}");
    }

    [Fact]
    public void The_lifecycle_bench_prints_each_alternating_round_as_json()
    {
        var run = CliRun.Of("bench", "lifecycle", "--cases", "6", "--rounds", "2", "--concurrency", "2", "--json");

        RoundsJson.AssertPrinted(run, "cases", 6, rounds: 2);
    }

    [Fact]
    public async Task Nodes_on_rabbitmq_are_separate_worker_processes_that_do_the_work_and_stop_after()
    {
        var (connection, options) = await BenchOnRabbitMq.PrepareAsync("bench-lifecycle", "bench_nodes");

        var run = CliRun.Of(["bench", "lifecycle", "--cases", "4", "--rounds", "1", "--concurrency", "2", "--nodes", "2", .. options]);

        var pids = BenchOnRabbitMq.WorkerProcessIds(run);
        Assert.Equal(2, pids.Distinct().Count());
        Assert.DoesNotContain(Environment.ProcessId, pids);
        // Every request of the engine's rounds went through the workers (the bench's process has no endpoints) and closed.
        Assert.Contains(run.OutLines, l => l.Contains("round 1:", StringComparison.Ordinal));
        var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection });
        await using (var db = await database.OpenAsync())
            Assert.True(await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM inbox WHERE consumer = 'disclosure-request'") >= 6 * 6);
        // The workers were stopped with the bench.
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("zombie", StringComparison.Ordinal), $"worker {pid} still runs"));
    }

    [Theory]
    [InlineData("--cases", "0", "--cases")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--nodes", "0", "--nodes")]
    [InlineData("--rounds", "0", "--rounds")]
    [InlineData("--nodes", "2", "--nodes")]
    public void Bad_lifecycle_bench_options_exit_2_with_one_line_naming_the_option(string option, string value, string named)
    {
        var run = CliRun.Of("bench", "lifecycle", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, run.Error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
