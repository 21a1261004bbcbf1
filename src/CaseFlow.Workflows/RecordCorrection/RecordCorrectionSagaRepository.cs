using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.RecordCorrections;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.Operations;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>The saga repository of correction requests: <see cref="DapperSagaRepository{TState}"/> over the
/// <c>record_corrections</c> table. Audit entries go to the correction request's own trail (keyed by its id).</summary>
public sealed class RecordCorrectionSagaRepository(Database database, IClock clock, CaseFlowMetrics metrics, BusIdentity identity,
    ILogger<RecordCorrectionSagaRepository> logger)
    : DapperSagaRepository<RecordCorrectionState>(new RecordCorrectionSagaTable(), database, clock, metrics, identity, logger)
{
    public const string InboxConsumer = "record-correction";
}

public sealed class RecordCorrectionSagaTable : ISagaTable<RecordCorrectionState>
{
    public string InboxConsumer => RecordCorrectionSagaRepository.InboxConsumer;

    public string Serialize(RecordCorrectionState instance) => RecordCorrectionJson.Serialize(instance);

    public RecordCorrectionState Deserialize(string json) => RecordCorrectionJson.Deserialize(json);

    public async Task<(RecordCorrectionState Instance, string State, int Version)?> FindAsync(DbSession session, Guid id) =>
        await RecordCorrectionStore.FindAsync(session, id) is { } row ? (RecordCorrectionJson.FromRow(row), row.State, row.Version) : null;

    public Task<IEnumerable<string>> AllDataAsync(DbSession session) =>
        Dapper.SqlMapper.QueryAsync<string>(session.Connection, RecordCorrectionStore.SelectAllData, transaction: session.Transaction);

    public Task InsertAsync(DbSession session, RecordCorrectionState instance, string data, Instant now) =>
        RecordCorrectionStore.InsertAsync(session, RecordCorrectionJson.ToRow(instance, now) with { Data = data });

    public Task<bool> TryUpdateAsync(DbSession session, RecordCorrectionState instance, string data, int expectedVersion, Instant now) =>
        RecordCorrectionStore.TryUpdateAsync(session, RecordCorrectionJson.ToRow(instance, now) with { Data = data }, expectedVersion);

    public Guid AuditedRequestId(RecordCorrectionState instance) => instance.CorrelationId;

    public string Activity(object message) => message.GetType().Name;

    public string StateOf(RecordCorrectionState instance) => instance.CurrentState;
}

/// <summary>The correction saga's JSON form and its promoted columns.</summary>
public static class RecordCorrectionJson
{
    public static string Serialize(RecordCorrectionState state) => JsonSerializer.Serialize(state, CaseFlowJson.Options);

    public static RecordCorrectionState Deserialize(string json) =>
        JsonSerializer.Deserialize<RecordCorrectionState>(json, CaseFlowJson.Options) ?? throw new InvalidOperationException("Empty saga data.");

    public static RecordCorrectionState FromRow(RecordCorrectionRow row)
    {
        var state = Deserialize(row.Data);
        state.Version = row.Version;
        return state;
    }

    public static RecordCorrectionRow ToRow(RecordCorrectionState s, Instant updatedAt) => new()
    {
        Id = s.CorrelationId.ToString(), Version = s.Version, State = s.CurrentState, AgencyCode = s.AgencyCode, ApplicantName = s.ApplicantName,
        ReceivedOn = s.ReceivedOn, DueOn = s.DueOn, Outcome = (int?)s.Outcome, ServedOn = s.ServedOn, UpdatedAt = updatedAt, Data = Serialize(s),
    };
}
