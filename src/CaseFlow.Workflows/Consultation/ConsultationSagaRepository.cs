using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>The Dapper saga repository of consultations, built as the request's (<see cref="RequestSagaRepository"/>):
/// one transaction per message with the inbox row, the saga row, the audit entry, the timers and the outbox messages;
/// optimistic concurrency on a version column.</summary>
/// <remarks>Audit entries go to the trail of the request the consultation belongs to, so the case file reads as one
/// story. A command refused before the consultation existed stores nothing.</remarks>
public sealed class ConsultationSagaRepository(Database database, IClock clock) :
    ISagaRepositoryContextFactory<ConsultationState>,
    ILoadSagaRepositoryContextFactory<ConsultationState>,
    IQuerySagaRepositoryContextFactory<ConsultationState>
{
    public const string InboxConsumer = "consultation";

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<ConsultationState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Every message to a consultation needs a message id.");
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
        var session = new DbSession(connection, transaction, database.Dialect);
        if (!await Inbox.TryReceiveAsync(session, InboxConsumer, messageId, clock.GetCurrentInstant()))
            return;
        await next.Send(new ConsultationSagaRepositoryContext<T>(session, context, clock, messageId));
        await transaction.CommitAsync(context.CancellationToken);
    }

    /// <summary>Query correlation is for tooling and tests only: it loads every row and filters in memory.</summary>
    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<ConsultationState> query,
        IPipe<SagaRepositoryQueryContext<ConsultationState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Every message to a consultation needs a message id.");
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
        var session = new DbSession(connection, transaction, database.Dialect);
        var instances = await LoadMatchingAsync(session, query);
        var repositoryContext = new ConsultationSagaRepositoryContext<T>(session, context, clock, messageId);
        await next.Send(new LoadedSagaRepositoryQueryContext<ConsultationState, T>(repositoryContext, instances));
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<ConsultationState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(context => asyncMethod(context), cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<ConsultationState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(context => asyncMethod(context), cancellationToken);

    public void Probe(ProbeContext context) => context.Add("persistence", "dapper");

    private async Task<T> ExecuteAsync<T>(Func<ReadContext, Task<T>> method, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await method(new ReadContext(new DbSession(connection, transaction, database.Dialect), cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<List<ConsultationState>> LoadMatchingAsync(DbSession session, ISagaQuery<ConsultationState> query)
    {
        var rows = await Dapper.SqlMapper.QueryAsync<string>(session.Connection, ConsultationStore.SelectAllData, transaction: session.Transaction);
        var predicate = query.FilterExpression.Compile();
        return rows.Select(ConsultationJson.Deserialize).Where(predicate).ToList();
    }

    private sealed class ReadContext(DbSession session, CancellationToken cancellationToken) : BasePipeContext(cancellationToken),
        LoadSagaRepositoryContext<ConsultationState>, QuerySagaRepositoryContext<ConsultationState>
    {
        public async Task<ConsultationState> Load(Guid correlationId) =>
            (await ConsultationStore.FindAsync(session, correlationId) is { } row ? ConsultationJson.FromRow(row) : null)!;

        public async Task<SagaRepositoryQueryContext<ConsultationState>> Query(ISagaQuery<ConsultationState> query, CancellationToken cancellationToken = default) =>
            new LoadedSagaRepositoryQueryContext<ConsultationState>(this, await LoadMatchingAsync(session, query));
    }
}

/// <summary>The consultation saga's JSON form and its promoted columns.</summary>
public static class ConsultationJson
{
    public static string Serialize(ConsultationState state) => JsonSerializer.Serialize(state, CaseFlowJson.Options);

    public static ConsultationState Deserialize(string json) =>
        JsonSerializer.Deserialize<ConsultationState>(json, CaseFlowJson.Options) ?? throw new InvalidOperationException("Empty saga data.");

    public static ConsultationState FromRow(ConsultationRow row)
    {
        var state = Deserialize(row.Data);
        state.Version = row.Version;
        return state;
    }

    public static ConsultationRow ToRow(ConsultationState s, Instant updatedAt) => new()
    {
        Id = s.CorrelationId.ToString(),
        Version = s.Version,
        State = s.CurrentState,
        RequestId = s.RequestId.ToString(),
        AgencyCode = s.AgencyCode,
        Kind = (int)s.Kind,
        WindowDueOn = s.WindowDueOn,
        EndedOn = s.EndedOn,
        UpdatedAt = updatedAt,
        Data = Serialize(s),
    };
}

internal sealed class ConsultationSagaRepositoryContext<TMessage>(DbSession session, ConsumeContext<TMessage> consumeContext, IClock clock, Guid messageId) :
    ConsumeContextScope<TMessage>(consumeContext, session),
    SagaRepositoryContext<ConsultationState, TMessage>
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _context = consumeContext;
    private readonly Dictionary<Guid, (string Data, string State, int Version)> _loaded = [];

    public Task<SagaConsumeContext<ConsultationState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> message,
        ConsultationState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<ConsultationState, T>>(
            new DefaultSagaConsumeContext<ConsultationState, T>(new ConsumeContextScope<T>(message, session), instance));

    public Task<SagaConsumeContext<ConsultationState, TMessage>> Add(ConsultationState instance) =>
        CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Add);

    public Task<SagaConsumeContext<ConsultationState, TMessage>?> Insert(ConsultationState instance) =>
        throw new NotSupportedException("Consultations are created by their first message, never inserted ahead of it.");

    public async Task<SagaConsumeContext<ConsultationState, TMessage>?> Load(Guid correlationId)
    {
        var row = await ConsultationStore.FindAsync(session, correlationId);
        if (row is null)
            return null;
        var instance = ConsultationJson.FromRow(row);
        _loaded[correlationId] = (ConsultationJson.Serialize(instance), row.State, row.Version);
        return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>A refused start leaves the consultation in its initial state: nothing is stored.</summary>
    public async Task Save(SagaConsumeContext<ConsultationState> consumeContext)
    {
        var instance = consumeContext.Saga;
        if (instance.CurrentState is "" or "Initial")
            return;
        instance.Version = 1;
        var now = clock.GetCurrentInstant();
        var row = ConsultationJson.ToRow(instance, now);
        try
        {
            await ConsultationStore.InsertAsync(session, row, instance.Participants);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConcurrencyException("The consultation was started concurrently.", typeof(ConsultationState), instance.CorrelationId, e);
        }
        await AuditAsync(instance, null, null, row.Data, now);
    }

    public async Task Update(SagaConsumeContext<ConsultationState> consumeContext)
    {
        var instance = consumeContext.Saga;
        var (data, state, version) = _loaded[instance.CorrelationId];
        instance.Version = version;
        var json = ConsultationJson.Serialize(instance);
        // A refused command or a stale timer changes nothing: no write, no audit entry.
        if (json == data)
            return;
        instance.Version = version + 1;
        var now = clock.GetCurrentInstant();
        var row = ConsultationJson.ToRow(instance, now);
        if (!await ConsultationStore.TryUpdateAsync(session, row, version))
            throw new ConcurrencyException("The consultation was changed concurrently.", typeof(ConsultationState), instance.CorrelationId);
        await AuditAsync(instance, state, data, row.Data, now);
    }

    /// <summary>Ended consultations stay: the case file needs them.</summary>
    public Task Delete(SagaConsumeContext<ConsultationState> consumeContext) => Update(consumeContext);

    public Task Discard(SagaConsumeContext<ConsultationState> consumeContext) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<ConsultationState> consumeContext) => Task.CompletedTask;

    private Task AuditAsync(ConsultationState instance, string? fromState, string? before, string after, Instant now)
    {
        var message = _context.Message;
        var activity = message is ConsultationDeadlineReached deadline ? $"{nameof(ConsultationDeadlineReached)}:{deadline.Kind}" : typeof(TMessage).Name;
        return AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = instance.RequestId.ToString(),
            MessageId = messageId.ToString(),
            OccurredAt = now,
            Actor = (message as IRequestCommand)?.Actor ?? "system",
            Activity = activity,
            FromState = fromState,
            ToState = instance.CurrentState,
            Changes = SagaJson.Diff(before, after),
        });
    }
}
