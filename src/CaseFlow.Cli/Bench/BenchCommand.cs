using System.CommandLine;
using CaseFlow.Persistence;

namespace CaseFlow.Cli.Bench;

/// <summary><c>caseflow bench lifecycle</c>: engine throughput against the plain-Dapper storage limit, as a ratio.</summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var cases = new Option<int>("--cases") { Description = "requests to drive through a full path", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "requests in flight at once", DefaultValueFactory = _ => 16 };
        var provider = new Option<DatabaseProvider>("--provider") { Description = "Sqlite (a temp file) | PostgreSql | SqlServer", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var connection = new Option<string?>("--connection-string") { Description = "database connection string (server providers)" };
        var transport = new Option<string>("--transport") { Description = "InMemory | RabbitMq", DefaultValueFactory = _ => "InMemory" };
        var rabbitHost = new Option<string>("--rabbitmq-host") { DefaultValueFactory = _ => "127.0.0.1" };
        var rabbitPort = new Option<int>("--rabbitmq-port") { DefaultValueFactory = _ => 5672 };
        var nodes = new Option<int>("--nodes") { Description = "engine nodes sharing the database and broker", DefaultValueFactory = _ => 1 };

        var lifecycle = new Command("lifecycle", "transitions per second of the request engine, and the ratio to a plain Dapper loop")
        {
            cases, concurrency, provider, connection, transport, rabbitHost, rabbitPort, nodes,
        };
        lifecycle.SetAction(async (parse, _) =>
        {
            var options = new LifecycleBenchOptions(parse.GetValue(cases), parse.GetValue(concurrency), parse.GetValue(provider),
                parse.GetValue(connection), parse.GetValue(transport)!, parse.GetValue(rabbitHost)!, parse.GetValue(rabbitPort), parse.GetValue(nodes));
            if (options.Cases < 1 || options.Concurrency < 1 || options.Nodes < 1)
                throw new CliInputException("bench lifecycle", "--cases, --concurrency and --nodes must be at least 1");
            if (options.Provider != DatabaseProvider.Sqlite && options.ConnectionString is null)
                throw new CliInputException("bench lifecycle", "--connection-string is required for a server database");
            if (options.Nodes > 1 && options.Transport == "InMemory")
                throw new CliInputException("bench lifecycle", "--nodes above 1 needs --transport RabbitMq (nodes share a broker)");
            await LifecycleBench.RunAsync(options, console.Out);
            return 0;
        });
        var count = new Option<int>("--count") { Description = "requests to seed", DefaultValueFactory = _ => 1_000_000 };
        var reportsProvider = new Option<DatabaseProvider>("--provider") { Description = "Sqlite (a temp file) | PostgreSql (an empty database)", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var reportsConnection = new Option<string?>("--connection-string") { Description = "PostgreSQL connection string to an empty database" };
        var reports = new Command("reports", "p50/p95 of the dashboard, the 督办 lists, the annual report and the workbench list, as ratios to a COUNT(*) scan of the same table")
        {
            count, reportsProvider, reportsConnection,
        };
        reports.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(count) < 1)
                throw new CliInputException("bench reports", "--count: must be at least 1");
            var server = parse.GetValue(reportsProvider);
            if (server is not (DatabaseProvider.Sqlite or DatabaseProvider.PostgreSql))
                throw new CliInputException("bench reports", "--provider: Sqlite or PostgreSql");
            var connectionString = parse.GetValue(reportsConnection);
            if (server == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
                throw new CliInputException("bench reports", "--connection-string: is required for PostgreSql");
            await ReportsBench.RunAsync(parse.GetValue(count), console.Out, server == DatabaseProvider.PostgreSql ? connectionString : null);
            return 0;
        });
        return new Command("bench", "性能测试 / benchmarks against a baseline in the same run") { lifecycle, reports, ImportBench.Create(console), ImportBench.CreateOnce(console) };
    }
}
