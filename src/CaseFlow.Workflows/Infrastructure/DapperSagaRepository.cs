using System.Diagnostics;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Workflows.Operations;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>How one kind of workflow instance is kept: its table (JSON plus promoted columns) and whose audit trail its
/// changes go to. The only part of a saga repository that differs between workflows.</summary>
public interface ISagaTable<TState>
    where TState : class, SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The inbox's consumer name: a message id is handled once per consumer.</summary>
    string InboxConsumer { get; }

    string Serialize(TState instance);

    TState Deserialize(string json);

    /// <summary>The stored instance with its state name and version, or null.</summary>
    Task<(TState Instance, string State, int Version)?> FindAsync(DbSession session, Guid id);

    Task<IEnumerable<string>> AllDataAsync(DbSession session);

    /// <summary>Inserts the row; a unique violation means it exists already.</summary>
    Task InsertAsync(DbSession session, TState instance, string data, Instant now);

    /// <summary>Updates the row if it still has <paramref name="expectedVersion"/>; false when another node got there first.</summary>
    Task<bool> TryUpdateAsync(DbSession session, TState instance, string data, int expectedVersion, Instant now);

    /// <summary>The request whose audit trail records this instance's changes (the case file reads as one story).</summary>
    Guid AuditedRequestId(TState instance);

    /// <summary>The audit trail's name for what a message did, e.g. <c>DeadlineReached:ReplyDue</c>.</summary>
    string Activity(object message);

    /// <summary>The instance's state name (<c>Initial</c> until its first accepted message).</summary>
    string StateOf(TState instance);

    /// <summary>Called in the message's transaction after a change's audit entry is appended, with the instance as the
    /// message found it (<paramref name="before"/>, null for a new one) and as it leaves it: for what a table keeps from the
    /// audit trail beside its rows (the requests' time per stage: <see cref="RequestSagaTable"/>, and the consultations, whose
    /// entries go to their request's trail). Nothing by default.</summary>
    Task AuditedAsync(DbSession session, TState? before, TState after) => Task.CompletedTask;
}

/// <summary>The Dapper saga repository of every CaseFlow workflow (ENGINE-NOTES §2.4).</summary>
/// <remarks>
/// <para>One transaction per message: the inbox row, the saga row, its audit entry, its timers and its outbox messages
/// commit together or not at all. The <see cref="DbSession"/> is a payload of the saga's consume context, so the state
/// machine's steps write through the same transaction.</para>
/// <para>Concurrency is optimistic: an update applies only to the version it read, otherwise
/// <see cref="ConcurrencyException"/> is thrown and the message retried. A redelivered message id is recognised by the
/// inbox and changes nothing. A command refused before the instance existed leaves it in <c>Initial</c>: nothing is
/// stored. Ended instances are never deleted: reports and case files need them.</para>
/// </remarks>
public class DapperSagaRepository<TState>(ISagaTable<TState> table, Database database, IClock clock, CaseFlowMetrics metrics, BusIdentity identity,
    ILogger logger) :
    ISagaRepositoryContextFactory<TState>,
    ILoadSagaRepositoryContextFactory<TState>,
    IQuerySagaRepositoryContextFactory<TState>
    where TState : class, SagaStateMachineInstance, ISagaVersion
{
    private ISagaTable<TState> Table { get; } = table;
    private IClock Clock { get; } = clock;
    private CaseFlowMetrics Metrics { get; } = metrics;
    private BusIdentity Identity { get; } = identity;

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"Every message to a {typeof(TState).Name} needs a message id.");
        var started = Stopwatch.GetTimestamp();
        // How long it waited since it was sent: the queue in front of this node. SentTime is the sender's wall clock (UTC),
        // so this is measured on the wall clock too, not on the injected clock (which tests move).
        if (context.SentTime is { } sent)
            Metrics.CommandQueued(typeof(T).Name, (SystemClock.Instance.GetCurrentInstant() - Instant.FromDateTimeUtc(DateTime.SpecifyKind(sent, DateTimeKind.Utc))).ToTimeSpan());
        var outcome = "failed";
        try
        {
            await using var connection = await database.OpenAsync(context.CancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
            var session = new DbSession(connection, transaction, database.Dialect);
            if (!await Inbox.TryReceiveAsync(session, Table.InboxConsumer, messageId, Clock.GetCurrentInstant()))
            {
                outcome = "duplicate";
                return;
            }
            await next.Send(new Context<T>(this, session, context, messageId));
            await transaction.CommitAsync(context.CancellationToken);
            outcome = "committed";
        }
        catch (ConcurrencyException) when (LogConflict(typeof(T).Name, context.Message, messageId))
        {
            throw;
        }
        finally
        {
            Metrics.CommandHandled(typeof(T).Name, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private bool LogConflict(string messageType, object message, Guid messageId)
    {
        logger.LogDebug("{Saga} of request {RequestId} changed concurrently; {MessageType} {MessageId} will be retried",
            typeof(TState).Name, (message as IRequestCommand)?.RequestId, messageType, messageId);
        return false;
    }

    /// <summary>Query correlation is for tooling and tests only (workflows correlate by id): it loads every row and
    /// filters in memory.</summary>
    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TState> query, IPipe<SagaRepositoryQueryContext<TState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"Every message to a {typeof(TState).Name} needs a message id.");
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
        var session = new DbSession(connection, transaction, database.Dialect);
        var instances = await LoadMatchingAsync(session, query);
        await next.Send(new LoadedSagaRepositoryQueryContext<TState, T>(new Context<T>(this, session, context, messageId), instances));
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(context => asyncMethod(context), cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(context => asyncMethod(context), cancellationToken);

    public void Probe(ProbeContext context) => context.Add("persistence", "dapper");

    private async Task<T> ExecuteAsync<T>(Func<ReadContext, Task<T>> method, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await method(new ReadContext(this, new DbSession(connection, transaction, database.Dialect), cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<List<TState>> LoadMatchingAsync(DbSession session, ISagaQuery<TState> query)
    {
        var predicate = query.FilterExpression.Compile();
        return (await Table.AllDataAsync(session)).Select(Table.Deserialize).Where(predicate).ToList();
    }

    private async Task<TState?> LoadAsync(DbSession session, Guid id) =>
        await Table.FindAsync(session, id) is { } found ? WithVersion(found.Instance, found.Version) : null;

    private static TState WithVersion(TState instance, int version)
    {
        instance.Version = version;
        return instance;
    }

    private sealed class ReadContext(DapperSagaRepository<TState> repository, DbSession session, CancellationToken cancellationToken)
        : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TState>, QuerySagaRepositoryContext<TState>
    {
        public async Task<TState> Load(Guid correlationId) => (await repository.LoadAsync(session, correlationId))!;

        public async Task<SagaRepositoryQueryContext<TState>> Query(ISagaQuery<TState> query, CancellationToken cancellationToken = default) =>
            new LoadedSagaRepositoryQueryContext<TState>(this, await repository.LoadMatchingAsync(session, query));
    }

    /// <summary>The repository's side of one message: loads, inserts and saves instances through the message's transaction
    /// and writes an audit entry for every change.</summary>
    private sealed class Context<TMessage>(DapperSagaRepository<TState> repository, DbSession session, ConsumeContext<TMessage> consumeContext, Guid messageId) :
        ConsumeContextScope<TMessage>(consumeContext, session),
        SagaRepositoryContext<TState, TMessage>
        where TMessage : class
    {
        private readonly ConsumeContext<TMessage> _context = consumeContext;
        private readonly Dictionary<Guid, (string Data, string State, int Version)> _loaded = [];
        private ISagaTable<TState> Table => repository.Table;

        public Task<SagaConsumeContext<TState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> message, TState instance, SagaConsumeContextMode mode)
            where T : class =>
            Task.FromResult<SagaConsumeContext<TState, T>>(new DefaultSagaConsumeContext<TState, T>(new ConsumeContextScope<T>(message, session), instance));

        public Task<SagaConsumeContext<TState, TMessage>> Add(TState instance) =>
            CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Add);

        public async Task<SagaConsumeContext<TState, TMessage>?> Insert(TState instance)
        {
            instance.Version = 1;
            var data = Table.Serialize(instance);
            try
            {
                await Table.InsertAsync(session, instance, data, repository.Clock.GetCurrentInstant());
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e))
            {
                return null;
            }
            _loaded[instance.CorrelationId] = (data, Table.StateOf(instance), instance.Version);
            return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Insert);
        }

        public async Task<SagaConsumeContext<TState, TMessage>?> Load(Guid correlationId)
        {
            var found = await Table.FindAsync(session, correlationId);
            if (found is not { } row)
                return null;
            var instance = WithVersion(row.Instance, row.Version);
            _loaded[correlationId] = (Table.Serialize(instance), row.State, row.Version);
            return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Load);
        }

        public async Task Save(SagaConsumeContext<TState> consumeContext)
        {
            var instance = consumeContext.Saga;
            // Refused by its guard, a new instance stays in Initial: it never existed, so nothing is stored (a stored one
            // would hold empty keys and turn every later refusal into a unique violation).
            if (Table.StateOf(instance) is "" or "Initial")
                return;
            instance.Version = 1;
            var now = repository.Clock.GetCurrentInstant();
            var data = Table.Serialize(instance);
            try
            {
                await Table.InsertAsync(session, instance, data, now);
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e))
            {
                repository.Metrics.SagaConflict(typeof(TMessage).Name);
                throw new ConcurrencyException($"The {typeof(TState).Name} was created concurrently.", typeof(TState), instance.CorrelationId, e);
            }
            await AuditAsync(instance, null, null, data, now);
            await Table.AuditedAsync(session, null, instance);
        }

        public async Task Update(SagaConsumeContext<TState> consumeContext)
        {
            var instance = consumeContext.Saga;
            var (before, state, version) = _loaded[instance.CorrelationId];
            instance.Version = version;
            var data = Table.Serialize(instance);
            // A refused command or an ignored (stale) timer changes nothing: no write, no audit entry.
            if (data == before)
                return;
            instance.Version = version + 1;
            data = Table.Serialize(instance);
            var now = repository.Clock.GetCurrentInstant();
            if (!await Table.TryUpdateAsync(session, instance, data, version, now))
            {
                repository.Metrics.SagaConflict(typeof(TMessage).Name);
                throw new ConcurrencyException($"The {typeof(TState).Name} was changed concurrently.", typeof(TState), instance.CorrelationId);
            }
            await AuditAsync(instance, state, before, data, now);
            await Table.AuditedAsync(session, Table.Deserialize(before), instance);
        }

        /// <summary>Ended instances stay: the annual report and the case file need them.</summary>
        public Task Delete(SagaConsumeContext<TState> consumeContext) => Update(consumeContext);

        public Task Discard(SagaConsumeContext<TState> consumeContext) => Task.CompletedTask;

        public Task Undo(SagaConsumeContext<TState> consumeContext) => Task.CompletedTask;

        private Task AuditAsync(TState instance, string? fromState, string? before, string after, Instant now) =>
            AuditTrail.AppendAsync(session, new AuditEntry
            {
                RequestId = Table.AuditedRequestId(instance).ToString(),
                MessageId = messageId.ToString(),
                OccurredAt = now,
                // An integrator's command is audited as integration:<user>, never as the staff member it names.
                Actor = CommandOrigin.AuditActor(_context, repository.Identity, _context.Message),
                Activity = Table.Activity(_context.Message),
                FromState = fromState,
                ToState = Table.StateOf(instance),
                // A new instance's entry lists what was set; later ones what changed (issue 15: not the whole saga).
                Changes = before is null ? SagaJson.Initial(after) : SagaJson.Diff(before, after),
            });
    }
}
