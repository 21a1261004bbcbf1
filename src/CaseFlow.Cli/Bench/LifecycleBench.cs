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
    string RabbitMqHost, int RabbitMqPort, int Nodes);

/// <summary>Drives requests through register → correction notice → corrected → extension → decision → reply on the
/// real engine, and writes the same rows with a plain Dapper loop in the same run: the storage limit.</summary>
public static class LifecycleBench
{
    public const int TransitionsPerCase = 6;

    public static async Task<(double Engine, double Limit)> RunAsync(LifecycleBenchOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-").FullName;
        try
        {
            var connection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "engine.db")}";
            var engine = await EngineAsync(options, connection);
            var limitConnection = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "limit.db")}";
            var limit = await PlainDapperAsync(options, limitConnection);
            output.WriteLine($"lifecycle bench: {options.Cases} requests × {TransitionsPerCase} transitions, {options.Provider} + {options.Transport}, " +
                             $"{options.Nodes} node(s), concurrency {options.Concurrency}");
            output.WriteLine($"  engine (MassTransit saga, Dapper)   {engine,10:F0} transitions/s");
            output.WriteLine($"  plain Dapper loop (storage limit)   {limit,10:F0} transitions/s");
            output.WriteLine($"  ratio engine / limit                {engine / limit,10:P0}");
            return (engine, limit);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(LifecycleBenchOptions options, string connectionString) => new()
    {
        ["Database:Provider"] = options.Provider.ToString(),
        ["Database:ConnectionString"] = connectionString,
        ["Transport"] = options.Transport,
        ["RabbitMq:Host"] = options.RabbitMqHost,
        ["RabbitMq:Port"] = options.RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static async Task<IHost> StartNodeAsync(Dictionary<string, string?> settings)
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

    private static async Task<double> EngineAsync(LifecycleBenchOptions options, string connectionString)
    {
        var settings = Settings(options, connectionString);
        var nodes = new List<IHost>();
        for (var i = 0; i < options.Nodes; i++)
            nodes.Add(await StartNodeAsync(settings));
        try
        {
            var today = ChinaTime.Today(SystemClock.Instance);
            // Warm up the pipeline (JIT, connections, topology) outside the measurement.
            await DriveAsync(nodes[0].Services, Guid.NewGuid(), today, "bench-warmup");
            var stopwatch = Stopwatch.StartNew();
            var next = 0;
            await Parallel.ForAsync(0, options.Cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
            {
                var node = nodes[Interlocked.Increment(ref next) % nodes.Count];
                await DriveAsync(node.Services, Guid.NewGuid(), today, "bench");
            });
            return options.Cases * TransitionsPerCase / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync();
                node.Dispose();
            }
        }
    }

    private static async Task DriveAsync(IServiceProvider services, Guid id, LocalDate today, string agency)
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

    /// <summary>The same writes per transition without the engine: one transaction with the inbox row, the saga row
    /// (insert, then version-checked updates), the audit entry and the deadline rows.</summary>
    private static async Task<double> PlainDapperAsync(LifecycleBenchOptions options, string connectionString)
    {
        var database = new Database(new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString });
        await new Migrator(database, SystemClock.Instance).MigrateAsync();
        var today = ChinaTime.Today(SystemClock.Instance);
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, options.Cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            var id = Guid.NewGuid();
            for (var step = 0; step < TransitionsPerCase; step++)
                await WriteTransitionAsync(database, id, step, today, "limit");
        });
        return options.Cases * TransitionsPerCase / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task WriteTransitionAsync(Database database, Guid id, int step, LocalDate today, string agency)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var now = SystemClock.Instance.GetCurrentInstant();
        var messageId = Guid.NewGuid();
        await Inbox.TryReceiveAsync(session, "limit", messageId, now);
        var state = new DisclosureRequestState
        {
            CorrelationId = id, AgencyCode = agency, CurrentState = "InProgress", Description = "本县2025年财政预算执行情况",
            ReceivedOn = today, ReplyDueOn = today.PlusDays(28), RegisteredAt = now, TrackingNumber = $"{today.Year}-{id.ToString()[..6]}",
            Applicant = new Applicant { Name = "王小明", IdDocument = "居民身份证 11010519491231002X", Phone = "13800138000" },
        };
        if (step == 0)
        {
            state.Version = 1;
            await RequestStore.InsertAsync(session, SagaJson.ToRow(state, now));
        }
        else
        {
            var current = await RequestStore.FindAsync(session, id) ?? throw new InvalidOperationException("Row vanished.");
            state.Version = current.Version + 1;
            if (!await RequestStore.TryUpdateAsync(session, SagaJson.ToRow(state, now), current.Version))
                throw new InvalidOperationException("Unexpected conflict.");
        }
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = id.ToString(), MessageId = messageId.ToString(), OccurredAt = now, Actor = "bench", Activity = $"Step{step}",
            FromState = "InProgress", ToState = "InProgress", Changes = "{}",
        });
        // The engine keeps three timers while the reply clock runs: the due date and warnings 5 and 2 working days before.
        var due = today.PlusDays(28 + step);
        await DeadlineStore.SyncAsync(session, id, step == TransitionsPerCase - 1 ? [] :
        [
            new DesiredDeadline(DeadlineKinds.ReplyDue, "", due, ChinaTime.StartOf(due.PlusDays(1))),
            new DesiredDeadline(DeadlineKinds.ReplyDueWarning, "5", due, ChinaTime.StartOf(due.PlusDays(-7))),
            new DesiredDeadline(DeadlineKinds.ReplyDueWarning, "2", due, ChinaTime.StartOf(due.PlusDays(-2))),
        ]);
        await transaction.CommitAsync();
    }
}
