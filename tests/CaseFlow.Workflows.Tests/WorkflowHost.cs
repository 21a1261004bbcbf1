using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;

namespace CaseFlow.Workflows.Tests;

/// <summary>A real CaseFlow engine host (SQLite file, in-memory bus) whose time is a fake clock. Time moves by
/// <see cref="AdvanceToAsync"/>, which runs the deadline sweeper and the outbox relay — never by sleeping.
/// A restart disposes the host and starts a new one on the same database file.</summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string?> _settings;
    private IHost _host;

    private WorkflowHost(string directory, Dictionary<string, string?> settings, IHost host, FakeClock clock)
    {
        _directory = directory;
        _settings = settings;
        _host = host;
        Clock = clock;
    }

    public FakeClock Clock { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkflowHost> StartAsync(LocalDate today, string? calendarsDirectory = null, Dictionary<string, string?>? extra = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-workflows-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "caseflow.db")}",
            ["Transport"] = "InMemory",
            ["Workflows:RunInBackground"] = "false",
            ["Calendars:Directory"] = calendarsDirectory ?? Path.Combine(AppContext.BaseDirectory, "calendars"),
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var clock = new FakeClock(ChinaTime.StartOf(today).Plus(Duration.FromHours(9)));
        return new WorkflowHost(directory, settings, await BuildAsync(settings, clock, logging), clock) { _logging = logging };
    }

    private Action<Microsoft.Extensions.Logging.ILoggingBuilder>? _logging;

    private static async Task<IHost> BuildAsync(Dictionary<string, string?> settings, IClock clock, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(clock);
        builder.Services.AddCaseFlowPersistence(builder.Configuration);
        builder.Services.AddCaseFlowWorkflows(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops this process's engine and starts a new one on the same database file.</summary>
    public async Task RestartAsync(string? calendarsDirectory = null)
    {
        await _host.StopAsync();
        _host.Dispose();
        if (calendarsDirectory is not null)
            _settings["Calendars:Directory"] = calendarsDirectory;
        _host = await BuildAsync(_settings, Clock, _logging);
        await PumpAsync();
    }

    public LocalDate Today => ChinaTime.Today(Clock);

    /// <summary>Moves the clock to 09:00 of <paramref name="date"/>, firing every timer due on the way.</summary>
    public async Task AdvanceToAsync(LocalDate date)
    {
        var target = ChinaTime.StartOf(date).Plus(Duration.FromHours(9));
        if (target < Clock.GetCurrentInstant())
            throw new ArgumentException("Time only moves forward.", nameof(date));
        // Fire day by day, so that each day's timers see that day's clock.
        for (var day = Today.PlusDays(1); day <= date; day = day.PlusDays(1))
        {
            Clock.Reset(ChinaTime.StartOf(day).Plus(Duration.FromMinutes(1)));
            await PumpAsync();
        }
        Clock.Reset(target);
        await PumpAsync();
    }

    /// <summary>Fires due timers and relays the outbox until the requests have handled everything sent to them.</summary>
    public async Task PumpAsync()
    {
        for (var round = 0; round < 10; round++)
        {
            await Services.GetRequiredService<DeadlineSweeper>().TickAsync();
            var pending = await PendingForRequestsAsync();
            var relayed = await Services.GetRequiredService<OutboxRelay>().TickAsync();
            if (relayed == 0 && pending.Count == 0)
                return;
            await WaitHandledAsync(pending);
        }
        throw new InvalidOperationException("The outbox did not settle.");
    }

    public async Task<CommandResult> SendAsync<T>(T command) where T : class, IRequestCommand
    {
        using var scope = Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<RequestCommands>().SendAsync(command);
        await PumpAsync();
        return result;
    }

    public async Task<DisclosureRequestState> RequestAsync(Guid id)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        var data = await connection.QuerySingleAsync<string>("SELECT data FROM requests WHERE id = @Id", new { Id = id.ToString() });
        return SagaJson.Deserialize(data);
    }

    public async Task<Consultations.ConsultationState> ConsultationAsync(Guid id)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        var data = await connection.QuerySingleAsync<string>("SELECT data FROM consultations WHERE id = @Id", new { Id = id.ToString() });
        return Consultations.ConsultationJson.Deserialize(data);
    }

    public async Task<RequestRow> RowAsync(Guid id)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<RequestRow>(RequestStore.SelectById, new { Id = id.ToString() });
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(Guid id)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await AuditTrail.ForRequestAsync(connection, id);
    }

    /// <summary>Messages published through the outbox, by type name, in order.</summary>
    public async Task<IReadOnlyList<(string Type, string Body)>> PublishedAsync()
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        var rows = await connection.QueryAsync<(string, string)>("SELECT message_type, body FROM outbox ORDER BY id");
        return rows.Select(r => (r.Item1[(r.Item1.LastIndexOf('.') + 1)..], r.Item2)).ToList();
    }

    public async Task<IReadOnlyList<(string Kind, string Subject, LocalDate DueOn, string Status)>> DeadlinesAsync(Guid id)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        var rows = await connection.QueryAsync<(string, string, string, string)>(
            "SELECT kind, subject, due_on, status FROM deadlines WHERE request_id = @Id ORDER BY id", new { Id = id.ToString() });
        return rows.Select(r => (r.Item1, r.Item2, NodaTimeTypeHandlers.ToLocalDate(r.Item3), r.Item4)).ToList();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }

    private async Task<List<string>> PendingForRequestsAsync()
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT message_id FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND (message_type LIKE '%.DeadlineReached' OR message_type LIKE '%.RecomputeDeadlines'" +
            " OR message_type LIKE '%.ConsultationStarted' OR message_type LIKE '%.ConsultationEnded' OR message_type LIKE '%.ConsultationLetterServed' OR message_type LIKE '%.ConsultationDeadlineReached'" +
            " OR message_type LIKE '%.ConsultationNotice' OR message_type LIKE '%.RegisterRequest')")).ToList();
    }

    private async Task WaitHandledAsync(List<string> messageIds)
    {
        // Generous: a loaded CI machine runs several test assemblies at once; a message that is handled is seen at once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var id in messageIds)
        {
            while (await ScalarAsync<long>("SELECT COUNT(*) FROM inbox WHERE message_id = @Id", new { Id = id }) == 0)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Message {id} was not handled.");
                await Task.Delay(5);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
