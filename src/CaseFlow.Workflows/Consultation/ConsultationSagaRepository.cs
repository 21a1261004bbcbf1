using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using CaseFlow.Workflows.Operations;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>The saga repository of consultations: <see cref="DapperSagaRepository{TState}"/> over the
/// <c>consultations</c> table. Audit entries go to the trail of the request the consultation belongs to.</summary>
public sealed class ConsultationSagaRepository(Database database, IClock clock, CaseFlowMetrics metrics, BusIdentity identity, ILogger<ConsultationSagaRepository> logger)
    : DapperSagaRepository<ConsultationState>(new ConsultationSagaTable(), database, clock, metrics, identity, logger)
{
    public const string InboxConsumer = "consultation";
}

/// <summary>Consultations are kept in <c>consultations</c> (JSON, promoted columns) with their participants listed in
/// <c>consultation_participants</c> for the advisers' inboxes.</summary>
public sealed class ConsultationSagaTable : ISagaTable<ConsultationState>
{
    public string InboxConsumer => ConsultationSagaRepository.InboxConsumer;

    public string Serialize(ConsultationState instance) => ConsultationJson.Serialize(instance);

    public ConsultationState Deserialize(string json) => ConsultationJson.Deserialize(json);

    public async Task<(ConsultationState Instance, string State, int Version)?> FindAsync(DbSession session, Guid id) =>
        await ConsultationStore.FindAsync(session, id) is { } row ? (ConsultationJson.FromRow(row), row.State, row.Version) : null;

    public Task<IEnumerable<string>> AllDataAsync(DbSession session) =>
        Dapper.SqlMapper.QueryAsync<string>(session.Connection, ConsultationStore.SelectAllData, transaction: session.Transaction);

    public Task InsertAsync(DbSession session, ConsultationState instance, string data, Instant now) =>
        ConsultationStore.InsertAsync(session, ConsultationJson.ToRow(instance, now) with { Data = data }, instance.Participants,
            Addressees(instance));

    /// <summary>Who of other agencies of the installation the consultation asks (issue 17 item 2): their inboxes read these.</summary>
    public static IEnumerable<ConsultationAddressee> Addressees(ConsultationState s) =>
        (s.AddressedAgencyCode is { } code && s.AddressedAgencyName is not null ? [new ConsultationAddressee(code, null)] : Array.Empty<ConsultationAddressee>())
        .Concat(s.Colleagues.Select(c => new ConsultationAddressee(c.AgencyCode, c.UserName)));

    public Task<bool> TryUpdateAsync(DbSession session, ConsultationState instance, string data, int expectedVersion, Instant now) =>
        ConsultationStore.TryUpdateAsync(session, ConsultationJson.ToRow(instance, now) with { Data = data }, expectedVersion);

    public Guid AuditedRequestId(ConsultationState instance) => instance.RequestId;

    public string Activity(object message) =>
        message is ConsultationDeadlineReached deadline ? $"{nameof(ConsultationDeadlineReached)}:{deadline.Kind}" : message.GetType().Name;

    public string StateOf(ConsultationState instance) => instance.CurrentState;

    /// <summary>Its entries are in the request's trail: one appended after the request closed (a consultation's window
    /// ending after a withdrawal) moves the request's time per stage as the recount over the trail would (migration 0034).</summary>
    public Task AuditedAsync(DbSession session, ConsultationState? before, ConsultationState after) =>
        Persistence.Supervision.StageTimes.EntryAppendedAsync(session, after.RequestId.ToString());
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
