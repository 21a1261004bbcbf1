using System.Collections.Concurrent;
using System.Globalization;
using CaseFlow.Contracts;
using CaseFlow.Testing;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using MassTransit;
using Npgsql;

namespace CaseFlow.Workflows.Tests.MultiNode;

/// <summary>A PostgreSQL server and a RabbitMQ node of the multi-node tests' own (they are stopped and restarted, so
/// they are not the suite's shared ones), started once for the collection.</summary>
public sealed class ClusterServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartDedicatedAsync();
        var broker = RabbitMqServer.StartDedicatedAsync("multinode");
        Postgres = await postgres;
        Broker = await broker;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class MultiNodeCollection : ICollectionFixture<ClusterServers>
{
    public const string Name = "multi-node";
}

/// <summary>One test's cluster: a fresh database and virtual host, worker processes sharing them, and a bus client
/// that publishes commands as an outside system would and counts every delivery of the events the engine relays.</summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string ApplicantName = "欧阳建国";
    public const string ApplicantPhone = "13912345678";
    public const string ApplicantIdDocument = "居民身份证 110101198001010037";

    private readonly Dictionary<string, string> _environment;
    private readonly List<WorkerProcess> _workers = [];
    private readonly IBusControl _bus;

    private Cluster(string connectionString, Dictionary<string, string> environment, IBusControl bus)
    {
        ConnectionString = connectionString;
        _environment = environment;
        _bus = bus;
    }

    public string ConnectionString { get; }

    public IReadOnlyList<WorkerProcess> Workers => _workers;

    /// <summary>Deliveries to the observer, by message id.</summary>
    public ConcurrentDictionary<Guid, int> DeadlineMissedDeliveries { get; } = new();

    public ConcurrentDictionary<Guid, int> RequestRegisteredDeliveries { get; } = new();

    public static async Task<Cluster> StartAsync(ClusterServers servers, string name, int nodes)
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync(name) + ";Maximum Pool Size=40";
        var vhost = await servers.Broker.CreateVirtualHostAsync(name);
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = connectionString,
            ["Transport"] = "RabbitMq",
            ["RabbitMq__Host"] = servers.Broker.Host,
            ["RabbitMq__Port"] = servers.Broker.Port.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__VirtualHost"] = vhost,
            ["RabbitMq__Username"] = servers.Broker.Username,
            ["RabbitMq__Password"] = servers.Broker.Password,
            ["Calendars__Directory"] = Path.Combine(AppContext.BaseDirectory, "calendars"),
            ["Workflows__DeadlinePollInterval"] = "00:00:00.500",
            ["Workflows__OutboxPollInterval"] = "00:00:00.100",
            // A killed node's outbox lease must run out inside the waits' 75 s stall (the default is 2 min): the other
            // node then claims those rows. The publish timeout stays the default 30 s: a shorter one gives up on
            // confirmations a loaded broker is still sending, and the released rows are then delivered twice.
            ["Workflows__OutboxLease"] = "00:01:00",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.Hosting"] = "Warning",
            ["Logging__LogLevel__CaseFlow.Workflows.Infrastructure.RequestSagaRepository"] = "Debug",
        };
        Cluster? cluster = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.Broker.Host, (ushort)servers.Broker.Port, vhost, h =>
            {
                h.Username(servers.Broker.Username);
                h.Password(servers.Broker.Password);
            });
            // The load stands in for the installation's own web node, which publishes as the service user.
            cfg.StampServiceUser(servers.Broker.Username);
            cfg.ConfigureJsonSerializerOptions(CaseFlowJson.Configure);
            cfg.ReceiveEndpoint("multinode-observer", e =>
            {
                e.Handler<DeadlineMissed>(c => Count(cluster!.DeadlineMissedDeliveries, c.MessageId));
                e.Handler<RequestRegistered>(c => Count(cluster!.RequestRegisteredDeliveries, c.MessageId));
            });
        });
        cluster = new Cluster(connectionString, environment, bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        // The workers migrate the database as they start: two at once exercises the migration lock too.
        await Task.WhenAll(Enumerable.Range(1, nodes).Select(i => cluster.StartWorkerAsync($"node{i}")));
        return cluster;
    }

    private static Task Count(ConcurrentDictionary<Guid, int> deliveries, Guid? messageId)
    {
        deliveries.AddOrUpdate(messageId ?? Guid.Empty, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public async Task<WorkerProcess> StartWorkerAsync(string name)
    {
        var worker = await WorkerProcess.StartAsync(name, _environment);
        lock (_workers)
            _workers.Add(worker);
        return worker;
    }

    /// <summary>Registers <paramref name="count"/> requests received on 2024-09-27: by now the reply due date has
    /// passed, so each one's reply-due timer fires as soon as it is registered.</summary>
    public async Task<IReadOnlyList<Guid>> RegisterAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (x, ct) =>
            await _bus.Publish(new RegisterRequest
            {
                RequestId = x.id, Actor = "portal", AgencyCode = $"agency-{x.i % 16}", ApplicantType = "NaturalPerson",
                ApplicantName = ApplicantName, ApplicantIdDocument = ApplicantIdDocument, ApplicantPhone = ApplicantPhone,
                Channel = "InPerson", Description = "本县2023年老旧小区改造资金使用情况", FormOfProvision = "Electronic",
                ReceivedOn = new NodaTime.LocalDate(2024, 9, 27),
            }, ct));
        return ids;
    }

    public Task PublishAsync<T>(T message) where T : class => _bus.Publish(message);

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    /// <summary>Polls until <paramref name="condition"/> holds. It fails, with <paramref name="what"/> and the workers' last
    /// lines, when the cluster made no progress at all for <paramref name="stall"/> (nothing registered, flagged, relayed
    /// or audited), or after four times that in all: on two shared cores the work may be slow, but it must move. Database
    /// errors while polling (a stopped server) count as "not yet".</summary>
    public async Task WaitUntilAsync(string what, TimeSpan stall, Func<Task<bool>> condition)
    {
        var started = DateTime.UtcNow;
        var lastMoved = started;
        long? lastProgress = null;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
                var progress = await ProgressAsync();
                if (progress != lastProgress)
                    (lastProgress, lastMoved) = (progress, DateTime.UtcNow);
            }
            catch (NpgsqlException)
            {
            }
            var now = DateTime.UtcNow;
            if (now - lastMoved > stall || now - started > 4 * stall)
                throw new TimeoutException($"Not {(now - lastMoved > stall ? $"moving for {stall.TotalSeconds:F0} s" : $"done within {4 * stall.TotalSeconds:F0} s")}: {what}.\n{await DiagnosticsAsync()}");
            await Task.Delay(250);
        }
    }

    /// <summary>A number that grows whenever the cluster does any of its work.</summary>
    private async Task<long> ProgressAsync() => DeadlineMissedDeliveries.Count + await ScalarAsync<long>("""
        SELECT (SELECT COUNT(*) FROM requests) + (SELECT COUNT(*) FROM requests WHERE overdue)
             + (SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL) + (SELECT COUNT(*) FROM audit_entries)
        """);

    /// <summary>Every one of <paramref name="count"/> requests overdue, every outbox message relayed.</summary>
    public Task WaitSettledAsync(int count, TimeSpan timeout) =>
        WaitUntilAsync($"{count} requests registered, flagged overdue by their timer, and every outbox message relayed", timeout, async () =>
            await ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE overdue") == count
            && await ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0
            && DeadlineMissedDeliveries.Count >= count);

    public async Task<string> DiagnosticsAsync()
    {
        string counts;
        try
        {
            var rows = await QueryAsync<(string, long)>("""
                SELECT 'requests', COUNT(*) FROM requests UNION ALL SELECT 'overdue', COUNT(*) FROM requests WHERE overdue
                UNION ALL SELECT 'pending timers', COUNT(*) FROM deadlines WHERE status = 'pending'
                UNION ALL SELECT 'unsent outbox', COUNT(*) FROM outbox WHERE sent_at IS NULL
                """);
            counts = string.Join(", ", rows.Select(r => $"{r.Item1} {r.Item2}"));
        }
        catch (NpgsqlException e)
        {
            counts = $"database: {e.Message}";
        }
        var logs = _workers.Select(w => $"--- {w.Name} (pid {w.Id}{(w.HasExited ? ", exited" : "")})\n{ServerProcess.Tail(string.Join('\n', w.Output), 12)}");
        return $"{counts}; observer saw {DeadlineMissedDeliveries.Count} DeadlineMissed\n{string.Join('\n', logs)}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_workers.Where(w => !w.HasExited).Select(w => w.TerminateAsync(TimeSpan.FromSeconds(30))));
        }
        catch (OperationCanceledException)
        {
            // A worker that does not stop in time is killed below; the test's own assertions decide its fate.
        }
        foreach (var worker in _workers)
            await worker.DisposeAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(cancel.Token);
    }
}
