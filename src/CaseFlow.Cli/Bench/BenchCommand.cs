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
        var rabbitVirtualHost = new Option<string>("--rabbitmq-vhost") { Description = "the broker's virtual host (one per bench run keeps two runs on one broker apart)", DefaultValueFactory = _ => "/" };
        var nodes = new Option<int>("--nodes") { Description = "engine nodes sharing the database and broker", DefaultValueFactory = _ => 1 };

        var lifecycleRounds = new Option<int>("--rounds") { Description = "alternating engine/baseline rounds (after one warm-up of each)", DefaultValueFactory = _ => 3 };
        var lifecycleJson = new Option<bool>("--json") { Description = "print {cases, rounds: [{engine, baseline}], ratio} (transitions/s)" };
        var lifecycle = new Command("lifecycle", "transitions per second of the request engine against a plain Dapper baseline writing the same rows, in alternating rounds")
        {
            cases, concurrency, provider, connection, transport, rabbitHost, rabbitPort, rabbitVirtualHost, nodes, lifecycleRounds, lifecycleJson,
        };
        lifecycle.SetAction(async (parse, _) =>
        {
            var options = new LifecycleBenchOptions(parse.GetValue(cases), parse.GetValue(concurrency), parse.GetValue(provider),
                parse.GetValue(connection), parse.GetValue(transport)!, parse.GetValue(rabbitHost)!, parse.GetValue(rabbitPort), parse.GetValue(nodes),
                parse.GetValue(lifecycleRounds), parse.GetValue(lifecycleJson), parse.GetValue(rabbitVirtualHost)!);
            if (options.Cases < 1)
                throw new CliInputException("bench lifecycle", "--cases: must be at least 1");
            if (options.RabbitMqVirtualHost.Length is < 1 or > 255)
                throw new CliInputException("bench lifecycle", "--rabbitmq-vhost: must be 1–255 characters");
            if (options.Concurrency < 1)
                throw new CliInputException("bench lifecycle", "--concurrency: must be at least 1");
            if (options.Nodes < 1)
                throw new CliInputException("bench lifecycle", "--nodes: must be at least 1");
            if (options.Rounds < 1 || options.Rounds > options.Cases)
                throw new CliInputException("bench lifecycle", "--rounds: must be between 1 and --cases");
            if (options.Provider != DatabaseProvider.Sqlite && options.ConnectionString is null)
                throw new CliInputException("bench lifecycle", "--connection-string is required for a server database");
            if (options.Nodes > 1 && options.Transport == "InMemory")
                throw new CliInputException("bench lifecycle", "--nodes above 1 needs --transport RabbitMq (nodes share a broker)");
            await LifecycleBench.RunAsync(options, console.Out);
            return 0;
        });
        var http = CreateHttp(console, concurrency, provider, connection, transport, rabbitHost, rabbitPort, rabbitVirtualHost, nodes);
        var requests = new Option<int>("--requests") { Description = "requests to seed", DefaultValueFactory = _ => 10_000 };
        var openShare = new Option<double>("--open-share") { Description = "share of the requests still open (the most recent)", DefaultValueFactory = _ => 0.05 };
        var pagesProvider = new Option<string>("--provider") { Description = "sqlite (a temp file) | postgres (an empty database: --connection-string)", DefaultValueFactory = _ => "sqlite" };
        var pagesConnection = new Option<string?>("--connection-string") { Description = "PostgreSQL connection string to an empty database" };
        var rounds = new Option<int>("--rounds") { Description = "measured rounds (after 3 warm-up rounds)", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "print {requests, queries: [{name, p50Ms, p95Ms, ratio}]}" };
        var pages = new Command("pages", "p50/p95 of the queries each page runs (workbench, API open list, 督办 overdue, dashboard, status lookup, annual report) as served, as ratios to SELECT COUNT(*) in the same run")
        {
            requests, openShare, pagesProvider, pagesConnection, rounds, json,
        };
        pages.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(requests) < 1)
                throw new CliInputException("bench pages", "--requests: must be at least 1");
            var share = parse.GetValue(openShare);
            if (double.IsNaN(share) || share is < 0 or > 1)
                throw new CliInputException("bench pages", "--open-share: must be between 0 and 1");
            var provider = parse.GetValue(pagesProvider)!.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" => DatabaseProvider.PostgreSql,
                _ => throw new CliInputException("bench pages", "--provider: sqlite or postgres"),
            };
            var connectionString = parse.GetValue(pagesConnection);
            if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
                throw new CliInputException("bench pages", "--connection-string: is required for postgres (an empty database)");
            if (parse.GetValue(rounds) is < 1 or > 10_000)
                throw new CliInputException("bench pages", "--rounds: must be 1–10000");
            await PagesBench.RunAsync(new PagesBenchOptions(parse.GetValue(requests), share, provider, connectionString, parse.GetValue(rounds), parse.GetValue(json)),
                console.Out);
            return 0;
        });
        var diskCases = new Option<int>("--cases") { Description = "requests to drive through the whole lifecycle", DefaultValueFactory = _ => 200 };
        var diskConcurrency = new Option<int>("--concurrency") { Description = "requests in flight at once", DefaultValueFactory = _ => 8 };
        var diskProvider = new Option<DatabaseProvider>("--provider") { Description = "Sqlite (a temp file) | PostgreSql (an empty database: --connection-string)", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var diskConnection = new Option<string?>("--connection-string") { Description = "connection string to an empty PostgreSQL database" };
        var diskJson = new Option<bool>("--json") { Description = "print {provider, requests, emptyBytes, beforePruning: {bytesPerRequest, tables}, afterPruning: {…}}" };
        var disk = new Command("disk", "bytes per request the database holds after the whole lifecycle, before and after pruning (issue 15 item 5)")
        {
            diskCases, diskConcurrency, diskProvider, diskConnection, diskJson,
        };
        disk.SetAction(async (parse, _) =>
        {
            var options = new DiskBenchOptions(parse.GetValue(diskCases), parse.GetValue(diskConcurrency), parse.GetValue(diskProvider),
                parse.GetValue(diskConnection), parse.GetValue(diskJson));
            if (options.Cases is < 1 or > 1_000_000)
                throw new CliInputException("bench disk", "--cases: must be 1–1000000");
            if (options.Concurrency is < 1 or > 256)
                throw new CliInputException("bench disk", "--concurrency: must be 1–256");
            if (options.Provider == DatabaseProvider.SqlServer)
                throw new CliInputException("bench disk", "--provider: Sqlite or PostgreSql");
            if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new CliInputException("bench disk", "--connection-string: is required for PostgreSql (an empty database)");
            await DiskBench.RunAsync(options, console.Out);
            return 0;
        });
        return new Command("bench", "性能测试 / benchmarks against a baseline in the same run") { lifecycle, http, pages, disk, ImportBench.Create(console), ImportBench.CreateOnce(console) };
    
    }

    /// <summary><c>caseflow bench http</c>: registrations/s end to end through the API against a direct-write baseline.</summary>
    private static Command CreateHttp(CliConsole console, Option<int> concurrency, Option<DatabaseProvider> provider, Option<string?> connection,
        Option<string> transport, Option<string> rabbitHost, Option<int> rabbitPort, Option<string> rabbitVirtualHost, Option<int> nodes)
    {
        var requests = new Option<int>("--requests") { Description = "registrations to post (measured, over all rounds)", DefaultValueFactory = _ => 600 };
        var rounds = new Option<int>("--rounds") { Description = "alternating engine/baseline rounds (after one warm-up of each)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "print {requests, rounds: [{engine, baseline}], ratio} (registrations/s)" };
        var command = new Command("http", "registrations per second end to end through POST /api/requests of the web host, against the same endpoint writing the rows directly, in alternating rounds")
        {
            requests, concurrency, provider, connection, transport, rabbitHost, rabbitPort, rabbitVirtualHost, nodes, rounds, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = new HttpBenchOptions(parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(provider),
                parse.GetValue(connection), parse.GetValue(transport)!, parse.GetValue(rabbitHost)!, parse.GetValue(rabbitPort), parse.GetValue(nodes),
                parse.GetValue(rounds), parse.GetValue(json), parse.GetValue(rabbitVirtualHost)!);
            if (options.RabbitMqVirtualHost.Length is < 1 or > 255)
                throw new CliInputException("bench http", "--rabbitmq-vhost: must be 1–255 characters");
            if (options.Requests is < 1 or > 1_000_000)
                throw new CliInputException("bench http", "--requests: must be 1–1000000");
            if (options.Concurrency is < 1 or > 1024)
                throw new CliInputException("bench http", "--concurrency: must be 1–1024");
            if (options.Rounds < 1 || options.Rounds > options.Requests)
                throw new CliInputException("bench http", "--rounds: must be between 1 and --requests");
            if (options.Transport is not ("InMemory" or "RabbitMq"))
                throw new CliInputException("bench http", "--transport: InMemory or RabbitMq");
            if (options.Nodes is < 1 or > 16)
                throw new CliInputException("bench http", "--nodes: must be 1–16");
            if (options.Nodes > 1 && options.Transport == "InMemory")
                throw new CliInputException("bench http", "--nodes above 1 needs --transport RabbitMq (worker processes share a broker)");
            if (options.Provider == DatabaseProvider.SqlServer)
                throw new CliInputException("bench http", "--provider: Sqlite or PostgreSql");
            if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new CliInputException("bench http", "--connection-string: is required for PostgreSql");
            await HttpBench.RunAsync(options, console.Out);
            return 0;
        });
        return command;
    }
}
