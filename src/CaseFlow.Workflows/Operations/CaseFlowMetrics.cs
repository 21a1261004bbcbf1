using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CaseFlow.Workflows.Operations;

/// <summary>The engine's instruments on the <c>CaseFlow</c> meter. Counts that need the database (requests by state,
/// timers due, outbox backlog) are observable gauges over the last <see cref="OperationsSampler"/> snapshot, so an
/// exporter's collection never runs SQL.</summary>
/// <remarks>Tags carry states, message types and outcomes only — never a request's applicant or content.</remarks>
public sealed class CaseFlowMetrics
{
    public const string MeterName = "CaseFlow";

    private readonly Counter<long> _timersFired;
    private readonly Counter<long> _outboxRelayed;
    private readonly Counter<long> _sagaConflicts;
    private readonly Histogram<double> _commandDuration;
    private readonly Histogram<double> _commandRoundtrip;
    private readonly Histogram<double> _commandQueued;
    private volatile OperationsSnapshot _snapshot = OperationsSnapshot.Empty;

    public CaseFlowMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        Meter.CreateObservableGauge("caseflow.requests", ObserveRequests, "{request}", "Requests by workflow state (last sample)");
        Meter.CreateObservableGauge("caseflow.timers.due", () => _snapshot.TimersDue, "{timer}", "Statutory timers due and not yet fired (last sample)");
        Meter.CreateObservableGauge("caseflow.outbox.backlog", () => _snapshot.OutboxBacklog, "{message}", "Outbox messages not yet relayed (last sample)");
        _timersFired = Meter.CreateCounter<long>("caseflow.timers.fired", "{timer}", "Statutory timers claimed and fired by this node");
        _outboxRelayed = Meter.CreateCounter<long>("caseflow.outbox.relayed", "{message}", "Outbox messages relayed to the bus by this node");
        _sagaConflicts = Meter.CreateCounter<long>("caseflow.saga.conflicts", "{conflict}", "Optimistic concurrency conflicts on a request (the message is retried)");
        _commandDuration = Meter.CreateHistogram<double>("caseflow.command.duration", "ms", "Time to handle one message to a request, from receipt to commit");
        _commandQueued = Meter.CreateHistogram<double>("caseflow.command.queued", "ms",
            "Time a message to a request waited before its handling began, from when it was sent (broker queue, prefetch, partition, thread pool)");
        _commandRoundtrip = Meter.CreateHistogram<double>("caseflow.command.roundtrip", "ms",
            "Time a page or API call waits for a workflow's answer to its command, from sending to the answer (transport, queueing and handling)");
    }

    public Meter Meter { get; }

    public OperationsSnapshot Snapshot => _snapshot;

    public void Record(OperationsSnapshot snapshot) => _snapshot = snapshot;

    public void TimersFired(int count)
    {
        if (count > 0)
            _timersFired.Add(count);
    }

    public void OutboxRelayed(int count)
    {
        if (count > 0)
            _outboxRelayed.Add(count);
    }

    public void SagaConflict(string messageType) => _sagaConflicts.Add(1, new KeyValuePair<string, object?>("message.type", messageType));

    /// <summary>Outcome: <c>committed</c>, <c>duplicate</c> (the inbox had it) or <c>failed</c> (rolled back, retried).</summary>
    public void CommandHandled(string messageType, string outcome, TimeSpan elapsed) =>
        _commandDuration.Record(elapsed.TotalMilliseconds, new TagList { { "message.type", messageType }, { "outcome", outcome } });

    public void CommandQueued(string messageType, TimeSpan waited) =>
        _commandQueued.Record(Math.Max(0, waited.TotalMilliseconds), new KeyValuePair<string, object?>("message.type", messageType));

    /// <summary>Outcome: <c>accepted</c>, <c>refused</c>, <c>timeout</c> or <c>failed</c>.</summary>
    public void CommandAnswered(string messageType, string outcome, TimeSpan elapsed) =>
        _commandRoundtrip.Record(elapsed.TotalMilliseconds, new TagList { { "message.type", messageType }, { "outcome", outcome } });

    private IEnumerable<Measurement<long>> ObserveRequests() =>
        _snapshot.RequestsByState.Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("state", s.Key)));
}

/// <summary>Counts read from the database at one moment.</summary>
public sealed record OperationsSnapshot(IReadOnlyDictionary<string, long> RequestsByState, long TimersDue, long OutboxBacklog)
{
    public static readonly OperationsSnapshot Empty = new(new Dictionary<string, long>(), 0, 0);
}
