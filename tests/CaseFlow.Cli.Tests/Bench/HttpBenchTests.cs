using System.Text.Json;
using CaseFlow.Cli.Bench;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Cli.Tests.Bench;

public sealed class HttpBenchTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-http-bench-test-").FullName;

    [Fact]
    public async Task The_baseline_registration_writes_what_the_engine_writes_for_the_same_command()
    {
        const int requests = 4;
        var engineConnection = $"Data Source={Path.Combine(_directory, "engine.db")}";
        var options = new LifecycleBenchOptions(requests, 1, DatabaseProvider.Sqlite, null, "InMemory", "127.0.0.1", 5672, 1);
        var baselineDatabase = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "baseline.db")}" });
        await new Migrator(baselineDatabase, SystemClock.Instance).MigrateAsync();
        var today = ChinaTime.Today(SystemClock.Instance);
        RegisterRequest Command(int n) => new()
        {
            RequestId = Guid.NewGuid(), Actor = "api:bench portal", AgencyCode = "bench", ApplicantType = "NaturalPerson", ApplicantName = "李华",
            ApplicantIdDocument = "居民身份证 110105194912310021", ApplicantPhone = $"1380013{n:D4}", ApplicantEmail = $"applicant{n}@example.cn",
            ApplicantAddress = "北京市朝阳区建国路1号", Channel = "Online", Description = $"申请公开本区2024年政府采购合同（第{n}号申请）。",
            FormOfProvision = "Electronic", Purpose = "了解政策执行情况", ReceivedOn = today, Handler = "bench-cw",
        };
        using (var node = await LifecycleBench.StartNodeAsync(LifecycleBench.Settings(options, engineConnection)))
        {
            for (var i = 0; i < requests; i++)
            {
                using var scope = node.Services.CreateScope();
                Assert.True((await scope.ServiceProvider.GetRequiredService<RequestCommands>().SendAsync(Command(i))).Accepted);
            }
            using (var scope = node.Services.CreateScope())
            {
                var baseline = new HttpBench.BaselineCommands(scope.ServiceProvider, baselineDatabase, SystemClock.Instance);
                for (var i = 0; i < requests; i++)
                    Assert.True((await baseline.SendAsync(Command(i))).Accepted);
            }
            await node.StopAsync();
        }

        var engine = await LifecycleBench.FootprintAsync(new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = engineConnection }));
        var written = await LifecycleBench.FootprintAsync(baselineDatabase);

        Assert.Equal(requests, engine["requests rows"]);
        Assert.True(engine["outbox rows"] > 0 && engine["deadlines rows"] > 0 && engine["audit_entries rows"] > 0);
        foreach (var (key, value) in engine.Where(e => !e.Key.EndsWith(" bytes", StringComparison.Ordinal)))
            Assert.True(value == written[key], $"{key}: engine {value}, baseline {written[key]}");
        // The JSON differs only in values the baseline cannot know without the engine's clock (the statutory due dates).
        foreach (var (key, value) in engine.Where(e => e.Key.EndsWith(" bytes", StringComparison.Ordinal)))
            Assert.True(Math.Abs(value - written[key]) <= value * 0.10, $"{key}: engine {value}, baseline {written[key]}");
    }

    [Fact]
    public void The_http_bench_posts_registrations_through_the_api_and_prints_each_alternating_round_as_json()
    {
        var run = CliRun.Of("bench", "http", "--requests", "6", "--rounds", "2", "--concurrency", "2", "--json");

        RoundsJson.AssertPrinted(run, "requests", 6, rounds: 2);
    }

    [Fact]
    public async Task On_rabbitmq_the_web_node_publishes_and_the_worker_processes_register()
    {
        var (connection, options) = await BenchOnRabbitMq.PrepareAsync("bench-http", "bench_http");

        var run = CliRun.Of(["bench", "http", "--requests", "4", "--rounds", "1", "--concurrency", "2", "--nodes", "2", .. options]);

        var pids = BenchOnRabbitMq.WorkerProcessIds(run);
        Assert.Equal(2, pids.Distinct().Count());
        Assert.Contains(run.OutLines, l => l.Contains("round 1: 4 registrations", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("caseflow.command.roundtrip", StringComparison.Ordinal));
        // Every engine registration (10 warm-up, 4 measured) went through the saga in a worker: the web node has no endpoints.
        var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connection });
        await using (var db = await database.OpenAsync())
        {
            Assert.Equal(14, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM requests WHERE agency_code LIKE 'http-e%'"));
            Assert.Equal(14, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
                "SELECT COUNT(*) FROM audit_entries WHERE activity = 'RegisterRequest' AND request_id IN (SELECT id FROM requests WHERE agency_code LIKE 'http-e%')"));
        }
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("zombie", StringComparison.Ordinal), $"worker {pid} still runs"));
    }

    [Theory]
    [InlineData("--requests", "0", "--requests")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--rounds", "0", "--rounds")]
    [InlineData("--nodes", "2", "--nodes")]
    [InlineData("--transport", "Kafka", "--transport")]
    [InlineData("--provider", "PostgreSql", "--connection-string")]
    [InlineData("--rabbitmq-vhost", "", "--rabbitmq-vhost")]
    public void Bad_http_bench_options_exit_2_with_one_line_naming_the_option(string option, string value, string named)
    {
        var run = CliRun.Of("bench", "http", option, value);

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
