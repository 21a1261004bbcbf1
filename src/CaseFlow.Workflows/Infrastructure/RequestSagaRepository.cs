using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Operations;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>The Dapper saga repository of disclosure requests (ENGINE-NOTES §2.4).</summary>
/// <remarks>
/// <para>One transaction per message: the inbox row, the saga row, its audit entry, its deadline timers and its
/// outbox messages commit together or not at all. The <see cref="DbSession"/> is a payload of the saga's consume
/// context, so the state machine's steps write through the same transaction.</para>
/// <para>Concurrency is optimistic: an update applies only to the version it read, otherwise
/// <see cref="ConcurrencyException"/> is thrown and the message retried. A redelivered message id is recognised by
/// the inbox and changes nothing. Closed requests are never deleted: reports need them.</para>
/// </remarks>
public sealed class RequestSagaRepository(Database database, IClock clock, CaseFlowMetrics metrics, ILogger<RequestSagaRepository> logger) :
    ISagaRepositoryContextFactory<DisclosureRequestState>,
    ILoadSagaRepositoryContextFactory<DisclosureRequestState>,
    IQuerySagaRepositoryContextFactory<DisclosureRequestState>
{
    public const string InboxConsumer = "disclosure-request";

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<DisclosureRequestState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Every message to a request needs a message id.");
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            await using var connection = await database.OpenAsync(context.CancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
            var session = new DbSession(connection, transaction, database.Dialect);
            if (!await Inbox.TryReceiveAsync(session, InboxConsumer, messageId, clock.GetCurrentInstant()))
            {
                outcome = "duplicate";
                return;
            }
            await next.Send(new RequestSagaRepositoryContext<T>(session, context, clock, messageId, metrics));
            await transaction.CommitAsync(context.CancellationToken);
            outcome = "committed";
        }
        catch (ConcurrencyException) when (LogConflict(typeof(T).Name, context.Message, messageId))
        {
            throw;
        }
        finally
        {
            metrics.CommandHandled(typeof(T).Name, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private bool LogConflict(string messageType, object message, Guid messageId)
    {
        var requestId = (message as IRequestCommand)?.RequestId;
        logger.LogDebug("Request {RequestId} changed concurrently; {MessageType} {MessageId} will be retried", requestId, messageType, messageId);
        return false;
    }

    /// <summary>Query correlation is for tooling and tests only (requests correlate by id): it loads every row and
    /// filters in memory.</summary>
    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<DisclosureRequestState> query,
        IPipe<SagaRepositoryQueryContext<DisclosureRequestState, T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Every message to a request needs a message id.");
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, context.CancellationToken);
        var session = new DbSession(connection, transaction, database.Dialect);
        var instances = await LoadMatchingAsync(session, query);
        var repositoryContext = new RequestSagaRepositoryContext<T>(session, context, clock, messageId, metrics);
        await next.Send(new LoadedSagaRepositoryQueryContext<DisclosureRequestState, T>(repositoryContext, instances));
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<DisclosureRequestState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteAsync(context => asyncMethod(context), cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<DisclosureRequestState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
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

    internal static async Task<List<DisclosureRequestState>> LoadMatchingAsync(DbSession session, ISagaQuery<DisclosureRequestState> query)
    {
        var rows = await Dapper.SqlMapper.QueryAsync<string>(session.Connection, RequestStore.SelectAllData, transaction: session.Transaction);
        var predicate = query.FilterExpression.Compile();
        return rows.Select(SagaJson.Deserialize).Where(predicate).ToList();
    }

    private sealed class ReadContext(DbSession session, CancellationToken cancellationToken) : BasePipeContext(cancellationToken),
        LoadSagaRepositoryContext<DisclosureRequestState>, QuerySagaRepositoryContext<DisclosureRequestState>
    {
        public async Task<DisclosureRequestState> Load(Guid correlationId) =>
            (await RequestStore.FindAsync(session, correlationId) is { } row ? SagaJson.FromRow(row) : null)!;

        public async Task<SagaRepositoryQueryContext<DisclosureRequestState>> Query(ISagaQuery<DisclosureRequestState> query, CancellationToken cancellationToken = default) =>
            new LoadedSagaRepositoryQueryContext<DisclosureRequestState>(this, await LoadMatchingAsync(session, query));
    }
}

/// <summary>The saga's JSON form and its promoted columns.</summary>
public static class SagaJson
{
    public static string Serialize(DisclosureRequestState state) => JsonSerializer.Serialize(state, CaseFlowJson.Options);

    public static DisclosureRequestState Deserialize(string json) =>
        JsonSerializer.Deserialize<DisclosureRequestState>(json, CaseFlowJson.Options) ?? throw new InvalidOperationException("Empty saga data.");

    public static DisclosureRequestState FromRow(RequestRow row)
    {
        var state = Deserialize(row.Data);
        state.Version = row.Version;
        return state;
    }

    public static RequestRow ToRow(DisclosureRequestState s, Instant updatedAt) => new()
    {
        Id = s.CorrelationId.ToString(),
        Version = s.Version,
        State = s.CurrentState,
        AgencyCode = s.AgencyCode,
        TrackingNumber = s.TrackingNumber,
        ApplicantName = s.Applicant.Name,
        ApplicantType = (int)s.Applicant.Type,
        Channel = (int)s.Channel,
        Handler = s.Handler,
        Description = s.Description,
        ReceivedOn = s.ReceivedOn,
        CorrectionDueOn = s.CorrectionNoticeDueOn,
        ReplyDueOn = s.ReplyDueOn,
        Provisional = s.Provisional,
        Overdue = s.Overdue,
        Outcome = (int?)s.Outcome,
        CloseReason = (int?)s.CloseReason,
        ClosedOn = s.ClosedOn,
        ExtensionDays = s.Extension is { Approved: true } e ? e.ApprovedDays : 0,
        CalendarVersion = s.CalendarVersion,
        RegisteredAt = s.RegisteredAt,
        UpdatedAt = updatedAt,
        Data = Serialize(s),
    };

    /// <summary>For each top-level field that differs: <c>{"field": {"before": …, "after": …}}</c>.</summary>
    public static string Diff(string? before, string after)
    {
        var old = before is null ? new JsonObject() : JsonNode.Parse(before)!.AsObject();
        var now = JsonNode.Parse(after)!.AsObject();
        var changes = new JsonObject();
        foreach (var name in old.Select(p => p.Key).Union(now.Select(p => p.Key)))
        {
            if (name is "version" or "currentState")
                continue;
            old.TryGetPropertyValue(name, out var a);
            now.TryGetPropertyValue(name, out var b);
            if (!JsonNode.DeepEquals(a, b))
                changes[name] = new JsonObject { ["before"] = a?.DeepClone(), ["after"] = b?.DeepClone() };
        }
        return changes.ToJsonString(CaseFlowJson.Options);
    }

    /// <summary>The registration's audit entry: a diff against nothing has no "before", so it lists what the
    /// registration set, <c>{"field": value}</c>, leaving out only what is absent (null, "", [] and {} at any depth).
    /// Nothing set is lost; the entry is a fraction of the saga's size (issue 15).</summary>
    public static string Initial(string after)
    {
        var set = Compact(JsonNode.Parse(after)) as JsonObject ?? new JsonObject();
        set.Remove("version");
        set.Remove("currentState");
        return set.ToJsonString(CaseFlowJson.Options);
    }

    private static JsonNode? Compact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var kept = new JsonObject();
                foreach (var (name, value) in obj)
                    if (Compact(value) is { } compacted)
                        kept[name] = compacted;
                return kept.Count == 0 ? null : kept;
            case JsonArray array:
                if (array.Count == 0)
                    return null;
                var items = new JsonArray();
                foreach (var item in array)
                    items.Add(Compact(item) ?? item?.DeepClone());
                return items;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String && value.GetValue<string>().Length == 0:
                return null;
            default:
                return node?.DeepClone();
        }
    }
}

internal sealed class RequestSagaRepositoryContext<TMessage>(DbSession session, ConsumeContext<TMessage> consumeContext, IClock clock, Guid messageId,
    CaseFlowMetrics metrics) :
    ConsumeContextScope<TMessage>(consumeContext, session),
    SagaRepositoryContext<DisclosureRequestState, TMessage>
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _context = consumeContext;
    private readonly Dictionary<Guid, (string Data, string State, int Version)> _loaded = [];

    public Task<SagaConsumeContext<DisclosureRequestState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> message,
        DisclosureRequestState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<DisclosureRequestState, T>>(
            new DefaultSagaConsumeContext<DisclosureRequestState, T>(new ConsumeContextScope<T>(message, session), instance));

    public Task<SagaConsumeContext<DisclosureRequestState, TMessage>> Add(DisclosureRequestState instance) =>
        CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<DisclosureRequestState, TMessage>?> Insert(DisclosureRequestState instance)
    {
        instance.Version = 1;
        try
        {
            await RequestStore.InsertAsync(session, SagaJson.ToRow(instance, clock.GetCurrentInstant()));
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
        _loaded[instance.CorrelationId] = (SagaJson.Serialize(instance), instance.CurrentState, instance.Version);
        return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<DisclosureRequestState, TMessage>?> Load(Guid correlationId)
    {
        var row = await RequestStore.FindAsync(session, correlationId);
        if (row is null)
            return null;
        var instance = SagaJson.FromRow(row);
        _loaded[correlationId] = (SagaJson.Serialize(instance), row.State, row.Version);
        return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<DisclosureRequestState> consumeContext)
    {
        var instance = consumeContext.Saga;
        instance.Version = 1;
        var now = clock.GetCurrentInstant();
        var row = SagaJson.ToRow(instance, now);
        try
        {
            await RequestStore.InsertAsync(session, row);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            metrics.SagaConflict(typeof(TMessage).Name);
            throw new ConcurrencyException("The request was registered concurrently.", typeof(DisclosureRequestState), instance.CorrelationId, e);
        }
        await AuditAsync(instance, null, null, row.Data, now);
    }

    public async Task Update(SagaConsumeContext<DisclosureRequestState> consumeContext)
    {
        var instance = consumeContext.Saga;
        var (data, state, version) = _loaded[instance.CorrelationId];
        instance.Version = version;
        var json = SagaJson.Serialize(instance);
        // A refused command or an ignored (stale) timer changes nothing: no write, no audit entry.
        if (json == data)
            return;
        instance.Version = version + 1;
        var now = clock.GetCurrentInstant();
        var row = SagaJson.ToRow(instance, now);
        if (!await RequestStore.TryUpdateAsync(session, row, version))
        {
            metrics.SagaConflict(typeof(TMessage).Name);
            throw new ConcurrencyException("The request was changed concurrently.", typeof(DisclosureRequestState), instance.CorrelationId);
        }
        await AuditAsync(instance, state, data, row.Data, now);
    }

    /// <summary>Closed requests stay: the annual report and the case file need them.</summary>
    public Task Delete(SagaConsumeContext<DisclosureRequestState> consumeContext) => Update(consumeContext);

    public Task Discard(SagaConsumeContext<DisclosureRequestState> consumeContext) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<DisclosureRequestState> consumeContext) => Task.CompletedTask;

    private Task AuditAsync(DisclosureRequestState instance, string? fromState, string? before, string after, Instant now)
    {
        var message = _context.Message;
        var activity = message is DeadlineReached deadline ? $"{nameof(DeadlineReached)}:{deadline.Kind}" : typeof(TMessage).Name;
        return AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = instance.CorrelationId.ToString(),
            MessageId = messageId.ToString(),
            OccurredAt = now,
            Actor = (message as IRequestCommand)?.Actor ?? "system",
            Activity = activity,
            FromState = fromState,
            ToState = instance.CurrentState,
            Changes = before is null ? SagaJson.Initial(after) : SagaJson.Diff(before, after),
        });
    }
}
