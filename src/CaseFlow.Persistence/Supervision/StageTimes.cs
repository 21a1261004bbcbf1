using System.Data.Common;
using CaseFlow.Domain.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Supervision;

/// <summary>The counters of the time per stage (各环节用时, <c>stage_time_counts</c>, migration 0034): what each closed
/// request adds (<see cref="StageDurations.Contribution"/> of its audit history) per agency, closing day and state. The
/// workflow adds a request's contribution in the transaction that closes it and takes it back in the one that reopens it
/// (RequestSagaTable); the migration's step (<see cref="BackfillAsync"/>) counts the requests closed before; the dashboard
/// sums them (<see cref="Dashboard.StageTimesAsync"/>).</summary>
public static class StageTimes
{
    /// <summary>One request's history in the audit trail's order (ux_audit_message, a range of one request).</summary>
    public const string SelectHistory = """
        SELECT occurred_at AS At, to_state AS State
        FROM audit_entries
        WHERE request_id = @RequestId
        ORDER BY id
        """;

    /// <summary>The histories of every closed request, request after request, for the back-fill.</summary>
    public const string SelectClosedHistories = """
        SELECT a.request_id, r.agency_code, r.closed_on, a.occurred_at, a.to_state
        FROM audit_entries a JOIN requests r ON r.id = a.request_id
        WHERE r.closed_on IS NOT NULL
        ORDER BY a.request_id, a.id
        """;

    /// <summary>The agency and closing day of a closed request (no row: open or unknown).</summary>
    public const string SelectClosing = """
        SELECT agency_code AS AgencyCode, closed_on AS ClosedOn
        FROM requests
        WHERE id = @RequestId AND closed_on IS NOT NULL
        """;

    /// <summary>One counter: an agency's time in a state over the requests closed on a day.</summary>
    public sealed record Counter(string AgencyCode, LocalDate ClosedOn, string State, long Requests, long SpentMs);

    /// <summary>The counters a request's contribution changes: +1 request and its time per state (or -1 and minus its time,
    /// with <paramref name="sign"/> -1).</summary>
    public static IEnumerable<Counter> Counters(string agencyCode, LocalDate closedOn, IEnumerable<StageSpent> contribution, int sign = 1) =>
        contribution.Select(s => new Counter(agencyCode, closedOn, s.State, sign, sign * (long)s.Spent.TotalMilliseconds));

    /// <summary>A request's history, read in its transaction.</summary>
    public static async Task<IReadOnlyList<(Instant At, string State)>> HistoryAsync(DbSession session, string requestId) =>
        (await session.Connection.QueryAsync<HistoryRow>(SelectHistory, new { RequestId = requestId }, session.Transaction)).Select(h => (h.At, h.State)).ToList();

    /// <summary>Another workflow (a consultation) appended an entry to a request's audit trail, in this transaction: if the
    /// request is closed, its contribution moves from its history before that entry to its whole history, so that the
    /// counters keep equal to the recount over the trail. Nothing for an open request.</summary>
    public static async Task EntryAppendedAsync(DbSession session, string requestId)
    {
        if (await session.Connection.QuerySingleOrDefaultAsync<ClosingRow>(SelectClosing, new { RequestId = requestId }, session.Transaction) is not { } closing)
            return;
        var history = await HistoryAsync(session, requestId);
        await AddAsync(session, Counters(closing.AgencyCode, closing.ClosedOn, StageDurations.Contribution(history.Take(history.Count - 1)), sign: -1)
            .Concat(Counters(closing.AgencyCode, closing.ClosedOn, StageDurations.Contribution(history))));
    }

    private sealed record ClosingRow
    {
        public string AgencyCode { get; init; } = "";
        public LocalDate ClosedOn { get; init; }
    }

    /// <summary>Adds the changes to the counters, those of one key summed first; changes that sum to nothing are not written.</summary>
    public static async Task AddAsync(DbSession session, IEnumerable<Counter> changes)
    {
        var summed = changes.GroupBy(c => (c.AgencyCode, c.ClosedOn, c.State))
            .Select(g => new Counter(g.Key.AgencyCode, g.Key.ClosedOn, g.Key.State, g.Sum(c => c.Requests), g.Sum(c => c.SpentMs)))
            .Where(c => c.Requests != 0 || c.SpentMs != 0)
            .ToList();
        if (summed.Count > 0)
            await session.Connection.ExecuteAsync(session.Dialect.AddStageTime, summed, session.Transaction);
    }

    /// <summary>Migration 0034's step: the contributions of the requests closed before it, from their audit histories read
    /// request after request (one pass, streamed), summed in memory per counter (agency, day, state: a few per agency and
    /// day), then written in batches. Imported (ledger) requests have no history and add nothing, as at the dashboard.</summary>
    public static async Task BackfillAsync(DbSession session, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(string AgencyCode, LocalDate ClosedOn, string State), (long Requests, long SpentMs)>();
        var history = new List<(Instant At, string State)>();
        string? requestId = null;
        (string AgencyCode, LocalDate ClosedOn) closing = ("", default);
        await using (var command = session.Connection.CreateCommand())
        {
            command.CommandText = SelectClosedHistories;
            command.Transaction = session.Transaction;
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (id != requestId)
                {
                    Count();
                    requestId = id;
                    closing = (reader.GetString(1), NodaTimeTypeHandlers.ToLocalDate(reader.GetValue(2)));
                }
                history.Add((NodaTimeTypeHandlers.ToInstant(reader.GetValue(3)), reader.GetString(4)));
            }
            Count();
        }
        foreach (var batch in totals.Select(t => new Counter(t.Key.AgencyCode, t.Key.ClosedOn, t.Key.State, t.Value.Requests, t.Value.SpentMs)).Chunk(1000))
            await session.Connection.ExecuteAsync(session.Dialect.AddStageTime, batch, session.Transaction);

        void Count()
        {
            if (history.Count == 0)
                return;
            foreach (var counter in Counters(closing.AgencyCode, closing.ClosedOn, StageDurations.Contribution(history)))
            {
                var key = (counter.AgencyCode, counter.ClosedOn, counter.State);
                var (requests, spent) = totals.GetValueOrDefault(key);
                totals[key] = (requests + counter.Requests, spent + counter.SpentMs);
            }
            history.Clear();
        }
    }

    private sealed record HistoryRow
    {
        public Instant At { get; init; }
        public string State { get; init; } = "";
    }
}
