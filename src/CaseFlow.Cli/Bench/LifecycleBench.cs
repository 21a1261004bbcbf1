using System.Diagnostics;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Cli.Bench;

/// <summary>Settings of one bench run.</summary>
public sealed record LifecycleBenchOptions(int Cases, int Concurrency, DatabaseProvider Provider, string? ConnectionString, string Transport,
    string RabbitMqHost, int RabbitMqPort, int Nodes, int Rounds = 3, bool Json = false, string RabbitMqVirtualHost = "/");

/// <summary>One round: transitions per second of the engine and of the baseline, measured one after the other.</summary>
public sealed record LifecycleRound(double Engine, double Baseline);

/// <summary>The bench's answer: <c>{cases, rounds: [{engine, baseline}], ratio}</c> (transitions/s; ratio = engine / baseline
/// over all rounds).</summary>
public sealed record LifecycleBenchResult(int Cases, IReadOnlyList<LifecycleRound> Rounds, double Ratio);

/// <summary>Drives requests through register → correction notice → corrected → extension → decision → reply on the
/// real engine, and writes the same rows with a plain Dapper loop in the same run: the storage limit.</summary>
public static class LifecycleBench
{
    public const int TransitionsPerCase = 6;

    public static async Task<LifecycleBenchResult> RunAsync(LifecycleBenchOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-").FullName;
        var nodes = new List<IHost>();
        BenchWorkers? workers = null;
        try
        {
            var connection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "engine.db")}";
            var baselineConnection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "baseline.db")}";
            var settings = Settings(options, connection);
            if (options.Transport == "RabbitMq")
            {
                // --nodes N: N separate worker processes; this process only sends. The first worker migrates the database.
                var migrating = new Database(new DatabaseOptions { Provider = options.Provider, ConnectionString = connection });
                await new Migrator(migrating, SystemClock.Instance).MigrateAsync();
                workers = await BenchWorkers.StartAsync(options.Nodes, settings);
                if (!options.Json)
                    output.WriteLine($"lifecycle bench: {options.Nodes} caseflow worker process(es), pid {string.Join(", ", workers.ProcessIds)}");
                nodes.Add(await BenchWorkers.StartClientAsync(settings));
            }
            else
                for (var i = 0; i < options.Nodes; i++)
                    nodes.Add(await StartNodeAsync(settings));
            var baseline = new Database(new DatabaseOptions { Provider = options.Provider, ConnectionString = baselineConnection });
            await new Migrator(baseline, SystemClock.Instance).MigrateAsync();
            var today = ChinaTime.Today(SystemClock.Instance);
            // Warm both sides (JIT, pools, topology, statement caches) outside the measurement.
            await EngineRoundAsync(nodes, options, 2, today);
            await BaselineRoundAsync(baseline, options, 2, today);
            var log = options.Json ? TextWriter.Null : output;
            log.WriteLine($"lifecycle bench: {options.Cases} requests × {TransitionsPerCase} transitions in {options.Rounds} alternating rounds, " +
                          $"{options.Provider} + {options.Transport}, {options.Nodes} node(s), concurrency {options.Concurrency}");
            var rounds = new List<LifecycleRound>();
            var (engineTime, baselineTime, done) = (0.0, 0.0, 0);
            for (var round = 0; round < options.Rounds; round++)
            {
                var cases = options.Cases / options.Rounds + (round < options.Cases % options.Rounds ? 1 : 0);
                if (cases == 0)
                    continue;
                var e = await EngineRoundAsync(nodes, options, cases, today);
                var b = await BaselineRoundAsync(baseline, options, cases, today);
                (engineTime, baselineTime, done) = (engineTime + e, baselineTime + b, done + cases);
                var r = new LifecycleRound(Math.Round(cases * TransitionsPerCase / e, 1), Math.Round(cases * TransitionsPerCase / b, 1));
                rounds.Add(r);
                log.WriteLine($"  round {round + 1}: {cases} requests  engine {r.Engine,8:F0} transitions/s   baseline (same rows, plain Dapper) {r.Baseline,8:F0} transitions/s   ratio {r.Engine / r.Baseline,6:P0}");
            }
            var result = new LifecycleBenchResult(done, rounds, Math.Round(baselineTime / engineTime, 4));
            if (options.Json)
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            else
                output.WriteLine($"  all rounds: ratio engine / baseline {result.Ratio:P0}");
            return result;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync();
                node.Dispose();
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

    internal static Dictionary<string, string?> Settings(LifecycleBenchOptions options, string connectionString) => new()
    {
        ["Database:Provider"] = options.Provider.ToString(),
        ["Database:ConnectionString"] = connectionString,
        ["Transport"] = options.Transport,
        ["RabbitMq:Host"] = options.RabbitMqHost,
        ["RabbitMq:Port"] = options.RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = options.RabbitMqVirtualHost,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    internal static async Task<IHost> StartNodeAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCaseFlowPersistence(builder.Configuration);
        builder.Services.AddCaseFlowWorkflows(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Seconds the engine takes to drive <paramref name="cases"/> requests through the path.</summary>
    private static async Task<double> EngineRoundAsync(List<IHost> nodes, LifecycleBenchOptions options, int cases, LocalDate today)
    {
        var stopwatch = Stopwatch.StartNew();
        var next = 0;
        await Parallel.ForAsync(0, cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (_, _) =>
        {
            var node = nodes[Interlocked.Increment(ref next) % nodes.Count];
            await DriveAsync(node.Services, Guid.NewGuid(), today, Agency);
        });
        return stopwatch.Elapsed.TotalSeconds;
    }

    public const string Agency = "bench";

    internal static async Task DriveAsync(IServiceProvider services, Guid id, LocalDate today, string agency)
    {
        using var scope = services.CreateScope();
        var commands = scope.ServiceProvider.GetRequiredService<RequestCommands>();
        const string actor = "bench";
        Check(await commands.SendAsync(new RegisterRequest
        {
            RequestId = id, Actor = actor, AgencyCode = agency, ApplicantType = "NaturalPerson", ApplicantName = "王小明",
            ApplicantIdDocument = "居民身份证 11010519491231002X", ApplicantPhone = "13800138000", Channel = "InPerson",
            Description = "本县2025年财政预算执行情况", FormOfProvision = "Electronic", ReceivedOn = today,
        }));
        Check(await commands.SendAsync(new IssueCorrectionNotice { RequestId = id, Actor = actor, IssuedOn = today, Items = ["请明确年份"], CorrectionPeriodEndsOn = today.PlusDays(10) }));
        Check(await commands.SendAsync(new RecordCorrectedApplication { RequestId = id, Actor = actor, CorrectedOn = today }));
        Check(await commands.SendAsync(new RequestExtension { RequestId = id, Actor = actor, RequestedOn = today, Days = 10, Reason = "检索量大" }));
        Check(await commands.SendAsync(new DecideExtension { RequestId = id, Actor = actor, Approved = true, Days = 10, DecidedOn = today }));
        Check(await commands.SendAsync(new ServeReply
        {
            RequestId = id, Actor = actor, Outcome = Domain.Replies.Outcome.Disclosed, Reasons = "", LegalBasis = "第三十六条第（二）项", ServedOn = today,
        }));
    }

    private static void Check(CommandResult result)
    {
        if (!result.Accepted)
            throw new InvalidOperationException($"Bench command refused: {result.ReasonEn}");
    }

    /// <summary>Seconds the baseline takes to write what the engine writes for <paramref name="cases"/> requests.</summary>
    private static async Task<double> BaselineRoundAsync(Database database, LifecycleBenchOptions options, int cases, LocalDate today)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (_, _) =>
        {
            var id = Guid.NewGuid();
            for (var step = 0; step < TransitionsPerCase; step++)
                await BaselineTransitionAsync(database, id, step, today, Agency);
        });
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>The baseline: per transition, the engine's writes for the same path without the engine — one transaction
    /// with the inbox id, the saga row (inserted with a tracking number from the agency's counter, then version-checked
    /// updates, the last one closing the request as the workflow decides it), the audit entry (the registration's compact
    /// entry, then diffs), the time per stage added at closing, the timers as the engine keeps them (reply due and two warnings; the correction period while
    /// awaiting correction; none once closed) and the outbox rows (registered, closed).</summary>
    /// <remarks><c>bench http</c>'s baseline registers with the API's <paramref name="registration"/> (step 0 only): its
    /// applicant, channel, description and handler instead of the bench's own.</remarks>
    public static async Task BaselineTransitionAsync(Database database, Guid id, int step, LocalDate today, string agency, RegisterRequest? registration = null)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var now = SystemClock.Instance.GetCurrentInstant();
        var messageId = Guid.NewGuid();
        await Inbox.TryReceiveAsync(session, RequestSagaRepository.InboxConsumer, messageId, now);
        DisclosureRequestState state;
        string? before = null;
        string activity;
        if (step == 0)
        {
            var m = registration ?? new RegisterRequest
            {
                RequestId = id, Actor = "bench", AgencyCode = agency, ApplicantType = "NaturalPerson", ApplicantName = "王小明",
                ApplicantIdDocument = "居民身份证 11010519491231002X", ApplicantPhone = "13800138000", Channel = "InPerson",
                Description = "本县2025年财政预算执行情况", FormOfProvision = "Electronic", ReceivedOn = today, Handler = "bench",
            };
            state = new DisclosureRequestState
            {
                CorrelationId = id, Version = 1, AgencyCode = agency, CurrentState = "InProgress", Description = m.Description,
                Channel = Enum.Parse<Domain.Requests.Channel>(m.Channel), FormOfProvision = m.FormOfProvision, Purpose = m.Purpose,
                ReceivedOn = m.ReceivedOn ?? today, ReceiptEvidence = m.ReceiptEvidence, RegisteredAt = now, Handler = m.Handler,
                TrackingNumber = await RequestStore.NextTrackingNumberAsync(session, agency, today.Year), CalendarVersion = "cn",
                Applicant = new Applicant
                {
                    Type = Enum.Parse<Domain.Requests.ApplicantType>(m.ApplicantType), Name = m.ApplicantName, IdDocument = m.ApplicantIdDocument,
                    Phone = m.ApplicantPhone, Email = m.ApplicantEmail, Address = m.ApplicantAddress,
                },
                ReplyDueOn = today.PlusDays(28), ClockRunning = true,
            };
            activity = nameof(RegisterRequest);
        }
        else
        {
            var row = await RequestStore.FindAsync(session, id) ?? throw new InvalidOperationException("Row vanished.");
            state = SagaJson.FromRow(row);
            before = row.Data;
            state.Version = row.Version + 1;
            switch (step)
            {
                case 1:
                    state.CorrectionNotice = new CorrectionNotice(today, ["请明确年份"], today.PlusDays(10));
                    (state.CurrentState, state.ClockRunning, state.ClockStopped, state.StoppedSince) = ("AwaitingCorrection", false, true, today);
                    activity = nameof(IssueCorrectionNotice);
                    break;
                case 2:
                    (state.CorrectedOn, state.CurrentState, state.ClockRunning, state.ClockStopped, state.StoppedSince) = (today, "InProgress", true, false, null);
                    state.ReplyDueOn = today.PlusDays(28);
                    activity = nameof(RecordCorrectedApplication);
                    break;
                case 3:
                    state.Extension = new Extension(today, 10, "检索量大");
                    state.CurrentState = "AwaitingExtensionDecision";
                    activity = nameof(RequestExtension);
                    break;
                case 4:
                    state.Extension = state.Extension! with { Approved = true, ApprovedDays = 10, DecidedOn = today, DecidedBy = "bench" };
                    (state.CurrentState, state.ReplyDueOn) = ("InProgress", today.PlusDays(42));
                    activity = nameof(DecideExtension);
                    break;
                default:
                    state.Reply = new Reply(Domain.Replies.Outcome.Disclosed, "", "第三十六条第（二）项", today, false, true);
                    (state.CurrentState, state.CloseReason, state.Outcome, state.ClosedOn, state.ClockStopped) =
                        ("Replied", Domain.Requests.CloseReason.Replied, Domain.Replies.Outcome.Disclosed, today, false);
                    state.Decide();
                    activity = nameof(ServeReply);
                    break;
            }
        }
        var data = SagaJson.Serialize(state);
        var saved = SagaJson.ToRow(state, now) with { Data = data };
        if (step == 0)
            await RequestStore.InsertAsync(session, saved);
        else if (!await RequestStore.TryUpdateAsync(session, saved, state.Version - 1))
            throw new InvalidOperationException("Unexpected conflict.");
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = id.ToString(), MessageId = messageId.ToString(), OccurredAt = now, Actor = registration?.Actor ?? "bench", Activity = activity,
            FromState = before is null ? null : SagaJson.Deserialize(before).CurrentState, ToState = state.CurrentState,
            Changes = before is null ? SagaJson.Initial(data) : SagaJson.Diff(before, data),
        });
        // The time per stage the workflow stores when the request closes (migration 0034), by the product's own hook.
        await new RequestSagaTable().AuditedAsync(session, before is null ? null : SagaJson.Deserialize(before), state);
        var due = state.ReplyDueOn!.Value;
        await DeadlineStore.SyncAsync(session, id, state.IsClosed ? [] : state.CurrentState == "AwaitingCorrection"
            ? [new DesiredDeadline(DeadlineKinds.CorrectionPeriodEnds, "", today.PlusDays(10), ChinaTime.StartOf(today.PlusDays(11)))]
            :
            [
                new DesiredDeadline(DeadlineKinds.ReplyDue, "", due, ChinaTime.StartOf(due.PlusDays(1))),
                new DesiredDeadline(DeadlineKinds.ReplyDueWarning, "5", due, ChinaTime.StartOf(due.PlusDays(-7))),
                new DesiredDeadline(DeadlineKinds.ReplyDueWarning, "2", due, ChinaTime.StartOf(due.PlusDays(-2))),
            ]);
        if (step == 0)
            await OutboxWriter.AddAsync(session, new RequestRegistered { RequestId = id, AgencyCode = agency, TrackingNumber = state.TrackingNumber, ReceivedOn = today, ReplyDueOn = due }, now);
        if (state.IsClosed)
            await OutboxWriter.AddAsync(session, new RequestClosed
            {
                RequestId = id, AgencyCode = agency, TrackingNumber = state.TrackingNumber, Reason = nameof(Domain.Requests.CloseReason.Replied),
                Outcome = nameof(Domain.Replies.Outcome.Disclosed), ClosedOn = today, OnTime = state.OnTime,
            }, now);
        await transaction.CommitAsync();
    }

    /// <summary>What one side left in the database: rows per table and the bytes of the saga JSON, the audit changes and
    /// the outbox bodies (the equivalence test compares engine and baseline with it).</summary>
    internal static async Task<IReadOnlyDictionary<string, long>> FootprintAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var footprint = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "requests", "audit_entries", "deadlines", "outbox", "inbox", "tracking_counters", "timeliness_counts", "report_request_counts", "stage_time_counts" })
            footprint[$"{table} rows"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, $"SELECT COUNT(*) FROM {table}");
        footprint["requests distinct tracking numbers"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(DISTINCT tracking_number) FROM requests");
        footprint["requests closed"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM requests WHERE closed_on IS NOT NULL");
        footprint["deadlines pending"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM deadlines WHERE status = 'pending'");
        footprint["requests data bytes"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM requests");
        footprint["audit_entries changes bytes"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(LENGTH(changes)), 0) FROM audit_entries");
        footprint["outbox body bytes"] = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM outbox");
        return footprint;
    }
}
