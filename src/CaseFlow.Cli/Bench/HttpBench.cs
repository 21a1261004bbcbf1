using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Cli.Bench;

/// <summary>Settings of one <c>bench http</c> run.</summary>
public sealed record HttpBenchOptions(int Requests, int Concurrency, DatabaseProvider Provider, string? ConnectionString, string Transport,
    string RabbitMqHost, int RabbitMqPort, int Nodes, int Rounds = 3, bool Json = false, string RabbitMqVirtualHost = "/");

/// <summary>One round: registrations per second through the API, engine then baseline.</summary>
public sealed record HttpRound(double Engine, double Baseline);

/// <summary>The bench's answer: <c>{requests, rounds: [{engine, baseline}], ratio}</c> (registrations/s; ratio = engine /
/// baseline over all rounds).</summary>
public sealed record HttpBenchResult(int Requests, IReadOnlyList<HttpRound> Rounds, double Ratio);

/// <summary><c>caseflow bench http</c> (issue 15 item 4): registrations per second end to end through
/// <c>POST /api/requests</c> of the real web host (Kestrel on a loopback port, with an integrator's API key), a
/// registration counted when its request row exists; against the same host whose registration handler writes the rows
/// directly (<see cref="BaselineCommands"/>), in alternating rounds after a warm-up of each.</summary>
public static class HttpBench
{
    public static async Task<HttpBenchResult> RunAsync(HttpBenchOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-http-").FullName;
        var apps = new List<WebApplication>();
        BenchWorkers? workers = null;
        var rabbit = options.Transport == "RabbitMq";
        try
        {
            var engineConnection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "engine.db")}";
            var baselineConnection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "baseline.db")}";
            var lifecycle = new LifecycleBenchOptions(options.Requests, options.Concurrency, options.Provider, engineConnection, options.Transport,
                options.RabbitMqHost, options.RabbitMqPort, options.Nodes, RabbitMqVirtualHost: options.RabbitMqVirtualHost);
            var settings = LifecycleBench.Settings(lifecycle, engineConnection);
            if (rabbit)
            {
                // The web node only publishes; --nodes N caseflow worker processes do the work (as bench lifecycle starts them).
                await new Migrator(new Database(new DatabaseOptions { Provider = options.Provider, ConnectionString = engineConnection }), SystemClock.Instance)
                    .MigrateAsync();
                workers = await BenchWorkers.StartAsync(options.Nodes, settings);
                if (!options.Json)
                    output.WriteLine($"http bench: {options.Nodes} caseflow worker process(es), pid {string.Join(", ", workers.ProcessIds)}");
            }
            var engine = await StartAppAsync(settings, directory, baseline: false, rabbit);
            apps.Add(engine.App);
            var baseline = await StartAppAsync(LifecycleBench.Settings(lifecycle, baselineConnection), directory, baseline: true, rabbit);
            apps.Add(baseline.App);
            using var timings = new RegistrationTimings { Postgres = options.Provider == DatabaseProvider.PostgreSql ? engine.Database : null };
            var today = ChinaTime.Today(SystemClock.Instance);
            var warmUp = Math.Max(10, 2 * options.Concurrency);
            timings.Side = null;
            await RoundAsync(engine, options, warmUp, today);
            await RoundAsync(baseline, options, warmUp, today);

            var log = options.Json ? TextWriter.Null : output;
            log.WriteLine($"http bench: {options.Requests} registrations through POST /api/requests in {options.Rounds} alternating rounds, " +
                          $"{options.Provider} + {options.Transport}, " + (rabbit ? $"web node in this process publishing, {options.Nodes} worker process(es)" : "web node in this process doing the work") +
                          $", concurrency {options.Concurrency}, load average {LoadAverage()}");
            var rounds = new List<HttpRound>();
            var (engineTime, baselineTime, done) = (0.0, 0.0, 0);
            for (var round = 0; round < options.Rounds; round++)
            {
                var count = options.Requests / options.Rounds + (round < options.Requests % options.Rounds ? 1 : 0);
                if (count == 0)
                    continue;
                var e = await timings.MeasureAsync("engine", count, workers, () => RoundAsync(engine, options, count, today));
                var b = await timings.MeasureAsync("baseline", count, null, () => RoundAsync(baseline, options, count, today));
                (engineTime, baselineTime, done) = (engineTime + e, baselineTime + b, done + count);
                var r = new HttpRound(Math.Round(count / e, 1), Math.Round(count / b, 1));
                rounds.Add(r);
                log.WriteLine($"  round {round + 1}: {count} registrations  engine {r.Engine,7:F0}/s   baseline (same endpoint, rows written directly) {r.Baseline,7:F0}/s   ratio {r.Engine / r.Baseline,6:P0}");
            }
            var result = new HttpBenchResult(done, rounds, Math.Round(baselineTime / engineTime, 4));
            if (options.Json)
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            else
            {
                output.WriteLine($"  all rounds: ratio engine / baseline {result.Ratio:P0}; load average {LoadAverage()}");
                timings.Report(output, rabbit);
            }
            return result;
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            if (workers is not null)
                await workers.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("CASEFLOW_BENCH_KEEP") == "1")
                Console.Error.WriteLine($"kept {directory}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A started web host with its agency, its caseworker (the handler) and an integrator's API key.</summary>
    private sealed record BenchApp(WebApplication App, HttpClient Client, Database Database, string Agency, string Handler)
    {
        public long Registered;
    }

    private static async Task<BenchApp> StartAppAsync(Dictionary<string, string?> settings, string directory, bool baseline, bool rabbit)
    {
        // Migrated and seeded before the host starts, so that its first-run setup finds users and prints no password.
        var database = new Database(new DatabaseOptions { Provider = Enum.Parse<DatabaseProvider>(settings["Database:Provider"]!), ConnectionString = settings["Database:ConnectionString"]! });
        await new Migrator(database, SystemClock.Instance).MigrateAsync();
        var agency = $"http-{(baseline ? "b" : "e")}{Guid.NewGuid().ToString("N")[..8]}";
        var handler = $"{agency}-cw";
        var key = ApiKeys.NewKey();
        var now = SystemClock.Instance.GetCurrentInstant();
        await using (var connection = await database.OpenAsync())
        {
            await Agencies.InsertAsync(connection, new Agency { Code = agency, Name = "基准测试县人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
            await Users.InsertAsync(connection, new UserAccount
            {
                Id = Guid.NewGuid().ToString(), UserName = handler, DisplayName = "李承办", AgencyCode = agency, Role = Roles.Caseworker,
                PasswordHash = Web.Security.SignInService.HashPassword(ApiKeys.NewKey()), CreatedAt = now,
            });
            await ApiKeys.InsertAsync(connection, new ApiKey { Id = Guid.NewGuid().ToString(), AgencyCode = agency, Name = "bench portal", KeyHash = ApiKeys.Hash(key), CreatedAt = now });
        }
        var webRoot = Directory.CreateDirectory(Path.Combine(directory, "wwwroot")).FullName;
        var all = new Dictionary<string, string?>(settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["applicationName"] = "CaseFlow.Web",
            ["contentRoot"] = AppContext.BaseDirectory,
            ["webroot"] = webRoot,
            ["Calendars:Directory"] = Path.Combine(AppContext.BaseDirectory, "calendars"),
            ["DataProtection:KeysDirectory"] = Path.Combine(directory, "keys"),
            // The global limit is per client address; the bench is one client standing for many.
            ["RateLimits:GlobalPerMinute"] = "100000000",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:MassTransit"] = "Warning",
            ["Workflows:ReceiveEndpoints"] = rabbit ? "false" : "true",
        };
        var app = CaseFlowWebHost.Build(all.Select(s => $"--{s.Key}={s.Value}").ToArray(), builder =>
        {
            if (baseline)
                builder.Services.AddScoped<RequestCommands, BaselineCommands>();
        });
        await app.StartAsync();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 })
        {
            BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new BenchApp(app, client, app.Services.GetRequiredService<Database>(), agency, handler);
    }

    private static readonly string[] Names = ["王小明", "李华", "张伟", "刘芳", "陈静", "杨洋", "赵磊", "黄敏", "周杰", "吴霞"];

    private static readonly string[] Subjects =
    [
        "本区老旧小区改造资金使用明细", "本县财政预算执行情况", "某街道征收补偿安置方案", "本市公交线路调整听证材料", "本区学校划片招生依据",
        "某河道整治工程环评批复", "本镇低保审批名单及标准", "本区2024年政府采购合同",
    ];

    /// <summary>One registration as a portal sends it: a natural person, an address, the information asked for, the
    /// agency's caseworker as handler, received today.</summary>
    private static Dictionary<string, object?> Body(int n, LocalDate today, string handler) => new()
    {
        ["applicantType"] = "NaturalPerson", ["applicantName"] = Names[n % Names.Length],
        ["applicantIdDocument"] = n % 2 == 0 ? "居民身份证 110105194912310021" : "居民身份证 11010519491231002X",
        ["applicantPhone"] = $"1380013{n % 10_000:D4}", ["applicantEmail"] = $"applicant{n % 1000}@example.cn",
        ["applicantAddress"] = $"北京市朝阳区建国路{n % 200 + 1}号", ["channel"] = "Online",
        ["description"] = $"申请公开{today.Year}年{Subjects[n % Subjects.Length]}（第{n}号申请）。", ["formOfProvision"] = "Electronic",
        ["purpose"] = "了解政策执行情况", ["receivedOn"] = today.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), ["handler"] = handler,
    };

    private static int _sequence;

    /// <summary>Posts <paramref name="count"/> registrations, <c>--concurrency</c> at a time, and waits until each one's
    /// request row exists (201 means it does; a 202 is waited for in the table). Returns the seconds it took.</summary>
    private static async Task<double> RoundAsync(BenchApp app, HttpBenchOptions options, int count, LocalDate today)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (_, cancellationToken) =>
        {
            using var response = await app.Client.PostAsJsonAsync("/api/requests", Body(Interlocked.Increment(ref _sequence), today, app.Handler), cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Accepted))
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"POST /api/requests answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }
        });
        app.Registered += count;
        var deadline = Stopwatch.StartNew();
        await using var connection = await app.Database.OpenAsync();
        while (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM requests WHERE agency_code = @Agency", new { app.Agency }) < app.Registered)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                throw new InvalidOperationException($"Registrations answered 202 did not reach the requests table within 5 minutes ({app.Agency}).");
            await Task.Delay(10);
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>The baseline's commands: a registration writes what the engine writes for it (inbox id, request row
    /// with a tracking number from the agency's counter, the registration's audit entry, its timers, the
    /// <c>RequestRegistered</c> outbox row) in one transaction through plain Dapper, as <c>bench lifecycle</c>'s baseline
    /// does (<see cref="LifecycleBench.BaselineTransitionAsync"/>), instead of sending the command to the workflow.</summary>
    internal sealed class BaselineCommands(IServiceProvider services, Database database, IClock clock) : RequestCommands(services)
    {
        public override async Task<CommandResult> SendAsync<T>(T command, CancellationToken cancellationToken = default)
        {
            if (command is not RegisterRequest register)
                return await base.SendAsync(command, cancellationToken);
            await LifecycleBench.BaselineTransitionAsync(database, register.RequestId, 0, ChinaTime.Today(clock), register.AgencyCode, register);
            return new CommandResult { RequestId = register.RequestId, Accepted = true, State = "InProgress" };
        }
    }

    /// <summary>Where a registration's time goes, from the instruments the host already has — ASP.NET Core's
    /// <c>http.server.request.duration</c>, CaseFlow's <c>caseflow.command.roundtrip</c> (the handler waiting for the
    /// workflow's answer) and <c>caseflow.command.duration</c> (the saga's transaction, receipt to commit; only seen here
    /// when this process does the work) — and the CPU time of this process and of the worker processes.</summary>
    private sealed class RegistrationTimings : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string Side, string Instrument), (double Sum, long Count)> _sums = [];
        private readonly Dictionary<string, (double Seconds, double ThisProcessCpu, double WorkersCpu, long Registrations)> _sides = [];
        private readonly Dictionary<string, (double QueuedSum, long Samples, int MaxThreads)> _threadPool = [];
        private readonly Dictionary<string, (double InFlight, double AtCounter, double OtherLocks, long Samples)> _postgres = [];

        /// <summary>PostgreSQL: the database whose sessions are sampled during the rounds (null for SQLite).</summary>
        public Database? Postgres { get; init; }

        public volatile string? Side;

        public RegistrationTimings()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "http.server.request.duration" or "caseflow.command.roundtrip" or "caseflow.command.duration" or "caseflow.command.queued"
                    || (instrument.Meter.Name == "MassTransit" && Environment.GetEnvironmentVariable("CASEFLOW_BENCH_MASSTRANSIT") == "1"))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>(OnMeasurement);
            _listener.Start();
        }

        private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            if (Side is not { } side)
                return;
            string? route = null, method = null, messageType = null;
            foreach (var tag in tags)
                switch (tag.Key)
                {
                    case "http.route":
                        route = tag.Value as string;
                        break;
                    case "http.request.method":
                        method = tag.Value as string;
                        break;
                    case "message.type":
                        messageType = tag.Value as string;
                        break;
                }
            double ms;
            if (instrument.Name == "http.server.request.duration")
            {
                if (method != "POST" || route is null || route.TrimEnd('/') != "/api/requests")
                    return;
                ms = value * 1000;
            }
            else if (messageType == nameof(RegisterRequest))
                ms = value;
            else if (instrument.Meter.Name == "MassTransit")
            {
                var name = instrument.Name + "[" + string.Join(",", tags.ToArray().Where(t => t.Key.Contains("message_type") || t.Key.Contains("endpoint")).Select(t => t.Value)) + "]";
                lock (_sums)
                {
                    var (sum, count) = _sums.GetValueOrDefault((side, name));
                    _sums[(side, name)] = (sum + value, count + 1);
                }
                return;
            }
            else
                return;
            lock (_sums)
            {
                var (sum, count) = _sums.GetValueOrDefault((side, instrument.Name));
                _sums[(side, instrument.Name)] = (sum + ms, count + 1);
            }
        }

        public async Task<double> MeasureAsync(string side, int registrations, BenchWorkers? workers, Func<Task<double>> round)
        {
            var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var workersCpu = workers?.ProcessorTime ?? TimeSpan.Zero;
            Side = side;
            double seconds;
            using var stop = new CancellationTokenSource();
            // This process's thread pool, sampled every 50 ms: work items waiting for a thread, and the threads.
            var sampler = Task.Run(async () =>
            {
                var (queued, samples, threads) = (0.0, 0L, 0);
                while (!stop.IsCancellationRequested)
                {
                    (queued, samples, threads) = (queued + ThreadPool.PendingWorkItemCount, samples + 1, Math.Max(threads, ThreadPool.ThreadCount));
                    await Task.Delay(50, CancellationToken.None);
                }
                return (queued, samples, threads);
            });
            // PostgreSQL, sampled every 100 ms: this database's transactions in flight, and those waiting for a lock —
            // at the agency's tracking-number counter (the upsert of tracking_counters) or elsewhere.
            var sessions = Postgres is null ? Task.FromResult((0.0, 0.0, 0.0, 0L)) : Task.Run(async () =>
            {
                var (inFlight, atCounter, other, samples) = (0.0, 0.0, 0.0, 0L);
                await using var connection = await Postgres.OpenAsync();
                while (!stop.IsCancellationRequested)
                {
                    var row = await Dapper.SqlMapper.QuerySingleAsync<(long InFlight, long AtCounter, long Other)>(connection, """
                        SELECT COUNT(*),
                               COUNT(*) FILTER (WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO tracking_counters%'),
                               COUNT(*) FILTER (WHERE wait_event_type = 'Lock' AND query NOT LIKE 'INSERT INTO tracking_counters%')
                        FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                        """);
                    (inFlight, atCounter, other, samples) = (inFlight + row.InFlight, atCounter + row.AtCounter, other + row.Other, samples + 1);
                    await Task.Delay(100, CancellationToken.None);
                }
                return (inFlight, atCounter, other, samples);
            });
            try
            {
                seconds = await round();
            }
            finally
            {
                Side = null;
                await stop.CancelAsync();
            }
            var (q, n2, t) = await sampler;
            var (pgInFlight, pgAtCounter, pgOther, pgSamples) = await sessions;
            self.Refresh();
            var usedHere = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            var usedByWorkers = ((workers?.ProcessorTime ?? TimeSpan.Zero) - workersCpu).TotalMilliseconds;
            lock (_sums)
            {
                var (s, c, w, n) = _sides.GetValueOrDefault(side);
                _sides[side] = (s + seconds, c + usedHere, w + usedByWorkers, n + registrations);
                var (qs, ns, ts) = _threadPool.GetValueOrDefault(side);
                _threadPool[side] = (qs + q, ns + n2, Math.Max(ts, t));
                var (pi, pc, po, pn) = _postgres.GetValueOrDefault(side);
                _postgres[side] = (pi + pgInFlight, pc + pgAtCounter, po + pgOther, pn + pgSamples);
            }
            return seconds;
        }

        private string Mean(string side, string instrument) =>
            _sums.TryGetValue((side, instrument), out var v) && v.Count > 0 ? (v.Sum / v.Count).ToString("F1", CultureInfo.InvariantCulture) : "—";

        public void Report(TextWriter output, bool rabbit)
        {
            output.WriteLine("  where a registration's time goes (mean per registration, engine | baseline):");
            output.WriteLine($"    POST /api/requests in the web node, auth to answer (http.server.request.duration) {Mean("engine", "http.server.request.duration"),8} ms | {Mean("baseline", "http.server.request.duration")} ms");
            output.WriteLine($"      of which waiting for the workflow's answer (caseflow.command.roundtrip)         {Mean("engine", "caseflow.command.roundtrip"),8} ms | —");
            output.WriteLine(rabbit
                ? "        of which queued, and the saga's transaction (caseflow.command.queued, caseflow.command.duration): in the worker processes"
                : $"        of which queued before handling, from sending (caseflow.command.queued)         {Mean("engine", "caseflow.command.queued"),8} ms | —\n" +
                  $"        of which the saga's transaction, receipt to commit (caseflow.command.duration) {Mean("engine", "caseflow.command.duration"),8} ms | —");
            output.WriteLine("    this process's thread pool (sampled every 50 ms): " + string.Join("; ", _threadPool.Select(p =>
                $"{p.Key} {p.Value.QueuedSum / Math.Max(1, p.Value.Samples):F0} work items waiting for a thread on average, up to {p.Value.MaxThreads} threads")));
            if (Environment.GetEnvironmentVariable("CASEFLOW_BENCH_MASSTRANSIT") == "1")
                foreach (var ((side, name), (sum, count)) in _sums.Where(s => s.Key.Instrument.StartsWith("messaging", StringComparison.Ordinal)).OrderBy(s => s.Key.Instrument))
                    output.WriteLine($"    {side} {name}: mean {sum / count:F2} ({count})");
            if (Postgres is not null)
                output.WriteLine("    PostgreSQL transactions of this database (sampled every 100 ms, mean): " + string.Join("; ", _postgres.Where(p => p.Value.Samples > 0).Select(p =>
                    $"{p.Key} {p.Value.InFlight / p.Value.Samples:F1} in flight, {p.Value.AtCounter / p.Value.Samples:F1} waiting for the agency's tracking-number counter row, {p.Value.OtherLocks / p.Value.Samples:F1} for other locks")));
            foreach (var side in new[] { "engine", "baseline" })
                if (_sides.TryGetValue(side, out var s) && s.Registrations > 0)
                    output.WriteLine($"    CPU per registration, {side}: this process (web node and the bench's HTTP client) {s.ThisProcessCpu / s.Registrations:F1} ms" +
                                     (rabbit && side == "engine" ? $", worker processes {s.WorkersCpu / s.Registrations:F1} ms" : "") +
                                     $"; wall time per registration (1 / throughput) {s.Seconds * 1000 / s.Registrations:F1} ms");
        }

        public void Dispose() => _listener.Dispose();
    }
}
