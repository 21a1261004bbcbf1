using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Contracts;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Operations;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>The saga repository of disclosure requests: <see cref="DapperSagaRepository{TState}"/> over the
/// <c>requests</c> table.</summary>
public sealed class RequestSagaRepository(Database database, IClock clock, CaseFlowMetrics metrics, BusIdentity identity, ILogger<RequestSagaRepository> logger)
    : DapperSagaRepository<DisclosureRequestState>(new RequestSagaTable(), database, clock, metrics, identity, logger)
{
    public const string InboxConsumer = "disclosure-request";
}

/// <summary>Requests are kept in <c>requests</c>: the saga as JSON with the list and report columns promoted.</summary>
public sealed class RequestSagaTable : ISagaTable<DisclosureRequestState>
{
    public string InboxConsumer => RequestSagaRepository.InboxConsumer;

    public string Serialize(DisclosureRequestState instance) => SagaJson.Serialize(instance);

    public DisclosureRequestState Deserialize(string json) => SagaJson.Deserialize(json);

    public async Task<(DisclosureRequestState Instance, string State, int Version)?> FindAsync(DbSession session, Guid id) =>
        await RequestStore.FindAsync(session, id) is { } row ? (SagaJson.FromRow(row), row.State, row.Version) : null;

    public Task<IEnumerable<string>> AllDataAsync(DbSession session) =>
        Dapper.SqlMapper.QueryAsync<string>(session.Connection, RequestStore.SelectAllData, transaction: session.Transaction);

    public Task InsertAsync(DbSession session, DisclosureRequestState instance, string data, Instant now) =>
        RequestStore.InsertAsync(session, SagaJson.ToRow(instance, now) with { Data = data });

    public Task<bool> TryUpdateAsync(DbSession session, DisclosureRequestState instance, string data, int expectedVersion, Instant now) =>
        RequestStore.TryUpdateAsync(session, SagaJson.ToRow(instance, now) with { Data = data }, expectedVersion);

    public Guid AuditedRequestId(DisclosureRequestState instance) => instance.CorrelationId;

    public string Activity(object message) =>
        message is DeadlineReached deadline ? $"{nameof(DeadlineReached)}:{deadline.Kind}" : message.GetType().Name;

    public string StateOf(DisclosureRequestState instance) => instance.CurrentState;

    /// <summary>The time per stage (各环节用时, migration 0034): a request counts, in the counters of its agency and closing
    /// day, what <see cref="StageDurations.Contribution"/> of its audit history gives, written when it closes (a reply
    /// served, a withdrawal, any closing: <c>closed_on</c> set) after the closing's audit entry, taken back when it is
    /// reopened (the history up to the reopening is what was counted: the trail is append-only), so a later closing counts
    /// its whole history once. A change to a closed request (its closing day corrected) moves its contribution the same way:
    /// the history before this message's entry taken back, the whole history added. Open requests cost nothing here.</summary>
    public async Task AuditedAsync(DbSession session, DisclosureRequestState? before, DisclosureRequestState after)
    {
        if (before?.ClosedOn is null && after.ClosedOn is null)
            return;
        var history = await StageTimes.HistoryAsync(session, after.CorrelationId.ToString());
        var changes = new List<StageTimes.Counter>();
        if (before is { ClosedOn: { } closedBefore })
            changes.AddRange(StageTimes.Counters(before.AgencyCode, closedBefore, StageDurations.Contribution(history.Take(history.Count - 1)), sign: -1));
        if (after.ClosedOn is { } closedOn)
            changes.AddRange(StageTimes.Counters(after.AgencyCode, closedOn, StageDurations.Contribution(history)));
        await StageTimes.AddAsync(session, changes);
    }
}

/// <summary>The saga's JSON form and its promoted columns.</summary>
public static class SagaJson
{
    /// <summary>The saga's stored form (issue 15 item 5, disk per request): <see cref="CaseFlowJson.Options"/> less what
    /// reading it back does not need — null values and computed (get-only) properties such as <c>isClosed</c>. A missing
    /// property reads as null, so old rows with them written out read the same.</summary>
    public static JsonSerializerOptions Options { get; } = StorageOptions();

    private static JsonSerializerOptions StorageOptions()
    {
        var options = CaseFlowJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                        return;
                    foreach (var property in info.Properties.Where(p => p.Set is null && p.AssociatedParameter is null).ToList())
                        info.Properties.Remove(property);
                },
            },
        };
        return options;
    }

    public static string Serialize(DisclosureRequestState state) => JsonSerializer.Serialize(state, Options);

    public static DisclosureRequestState Deserialize(string json) =>
        JsonSerializer.Deserialize<DisclosureRequestState>(json, Options) ?? throw new InvalidOperationException("Empty saga data.");

    public static DisclosureRequestState FromRow(RequestRow row)
    {
        var state = Deserialize(row.Data);
        state.Version = row.Version;
        // A request saved before migration 0010 has no ReplyClockStatus decisions in its JSON: take what the migration
        // back-filled (a message that does not recompute must not write them away), and decide a closed one's.
        if (!row.Data.Contains("\"clockRunning\"", StringComparison.Ordinal))
        {
            (state.ClockRunning, state.StoppedSince) = (row.ClockRunning, row.StoppedSince);
            if (state.IsClosed)
                state.Decide();
        }
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
        ClockRunning = s.ClockRunning && !s.IsClosed,
        StoppedSince = s.IsClosed ? null : s.StoppedSince,
        OnTime = s.OnTime,
        OnTimeWithoutExtension = s.OnTimeWithoutExtension,
        CountedOutcome = (int?)s.CountedOutcome,
        Outcome = (int?)s.Outcome,
        CloseReason = (int?)s.CloseReason,
        ClosedOn = s.ClosedOn,
        ExtensionDays = s.Extension is { Approved: true } e ? e.ApprovedDays : 0,
        CalendarVersion = s.CalendarVersion,
        RegisteredAt = s.RegisteredAt,
        UpdatedAt = updatedAt,
        Data = Serialize(s),
        FeeAmountFen = s.Fee is { } fee ? Domain.Fees.FeeYears.Fen(fee.Amount) : null,
        FeeChargedYear = s.Fee is { } charged ? Domain.Fees.FeeYears.Charged(charged.ServedOn) : null,
        FeeCollectedYear = Domain.Fees.FeeYears.Collected(s.Fee?.PaidOn),
    };

    /// <summary>What a message changed, as a compact diff (issue 15: not copies of the saga): for each field that differs,
    /// its new value — <c>null</c> when it was cleared — and for an object that was there before and after, only its own
    /// fields that differ, recursively. The value before is the one the request's earlier entries set, so the entries
    /// replayed in order (<see cref="Replay"/>) give every version of the request.</summary>
    public static string Diff(string? before, string after)
    {
        var old = before is null ? new JsonObject() : JsonNode.Parse(before)!.AsObject();
        var now = JsonNode.Parse(after)!.AsObject();
        foreach (var name in Unaudited)
        {
            old.Remove(name);
            now.Remove(name);
        }
        return (ObjectDiff(old, now) ?? new JsonObject()).ToJsonString(CaseFlowJson.Options);
    }

    private static readonly string[] Unaudited = ["version", "currentState"];

    private static JsonObject? ObjectDiff(JsonObject before, JsonObject after)
    {
        var changes = new JsonObject();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)).ToList())
        {
            before.TryGetPropertyValue(name, out var a);
            after.TryGetPropertyValue(name, out var b);
            if (JsonNode.DeepEquals(a, b))
                continue;
            if (a is JsonObject oldObject && b is JsonObject newObject)
            {
                if (ObjectDiff(oldObject, newObject) is { } nested)
                    changes[name] = nested;
            }
            else
                changes[name] = b?.DeepClone();
        }
        return changes.Count == 0 ? null : changes;
    }

    /// <summary>The request as its audit entries tell it: the registration's entry (<see cref="Initial"/>), then each
    /// <see cref="Diff"/> applied in order; what is absent (null, "", [], {}) is left out, so that it equals <see cref="Initial"/> of the saga as stored now.</summary>
    public static string Replay(IEnumerable<string> changes)
    {
        var request = new JsonObject();
        foreach (var entry in changes)
            Apply(request, JsonNode.Parse(entry)!.AsObject());
        return (Compact(request) ?? new JsonObject()).ToJsonString(CaseFlowJson.Options);
    }

    private static void Apply(JsonObject target, JsonObject changes)
    {
        foreach (var (name, value) in changes)
        {
            if (value is JsonObject nested && target[name] is JsonObject existing)
                Apply(existing, nested);
            else
                target[name] = value?.DeepClone();
        }
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
