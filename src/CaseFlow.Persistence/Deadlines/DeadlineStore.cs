using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Deadlines;

/// <summary>A timer a request wants: fire <see cref="Kind"/> (about <see cref="Subject"/>) at <see cref="FireAt"/>
/// for the statutory date <see cref="DueOn"/>.</summary>
public sealed record DesiredDeadline(string Kind, string Subject, LocalDate DueOn, Instant FireAt);

/// <summary>A timer that came due and was taken by this node.</summary>
public sealed record ClaimedDeadline
{
    public required long Id { get; init; }
    public required string RequestId { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required int Generation { get; init; }
    public required LocalDate DueOn { get; init; }
}

/// <summary>Statutory timers live in the database, written in the same transaction as the request's state, never in
/// broker-delayed messages (they run for weeks and depend on the calendar). A changed due date cancels the pending
/// row and adds a new generation.</summary>
public static class DeadlineStore
{
    public const string SelectPending = """
        SELECT id AS Id, kind AS Kind, subject AS Subject, generation AS Generation, due_on AS DueOn, due_at AS DueAt
        FROM deadlines WHERE request_id = @RequestId AND status = 'pending'
        """;

    public const string SelectLastGenerations = """
        SELECT kind AS Kind, subject AS Subject, MAX(generation) AS Generation FROM deadlines WHERE request_id = @RequestId GROUP BY kind, subject
        """;

    public const string SelectFired = """
        SELECT id AS Id, kind AS Kind, subject AS Subject, generation AS Generation, due_on AS DueOn, due_at AS DueAt
        FROM deadlines WHERE request_id = @RequestId AND status = 'fired'
        """;

    public const string Cancel = "UPDATE deadlines SET status = 'cancelled' WHERE id = @Id AND status = 'pending'";

    public const string Schedule = """
        INSERT INTO deadlines (request_id, kind, subject, generation, due_on, due_at, status)
        VALUES (@RequestId, @Kind, @Subject, @Generation, @DueOn, @DueAt, 'pending')
        """;

    public const string CountPendingDue = "SELECT COUNT(*) FROM deadlines WHERE status = 'pending' AND due_at <= @Now";

    private sealed class PendingRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string Subject { get; init; } = "";
        public int Generation { get; init; }
        public LocalDate DueOn { get; init; }
        public Instant DueAt { get; init; }
    }

    /// <summary>Makes the request's pending timers exactly <paramref name="desired"/>; returns how many changed.</summary>
    public static async Task<int> SyncAsync(DbSession session, Guid requestId, IReadOnlyCollection<DesiredDeadline> desired)
    {
        var id = requestId.ToString();
        var pending = (await session.Connection.QueryAsync<PendingRow>(SelectPending, new { RequestId = id }, session.Transaction)).ToList();
        var changes = 0;
        foreach (var row in pending)
        {
            if (!desired.Any(d => d.Kind == row.Kind && d.Subject == row.Subject && d.DueOn == row.DueOn && d.FireAt == row.DueAt))
            {
                await session.Connection.ExecuteAsync(Cancel, new { row.Id }, session.Transaction);
                changes++;
            }
        }
        var missing = desired.Where(wanted => !pending.Any(p =>
            p.Kind == wanted.Kind && p.Subject == wanted.Subject && p.DueOn == wanted.DueOn && p.DueAt == wanted.FireAt)).ToList();
        if (missing.Count == 0)
            return changes;
        // A timer that already fired for the same moment is not armed again: its firing may still be on its way to the
        // request (claimed by a sweeper, not yet handled) while another message recomputes the request's timers.
        var fired = (await session.Connection.QueryAsync<PendingRow>(SelectFired, new { RequestId = id }, session.Transaction)).ToList();
        missing.RemoveAll(wanted => fired.Any(f => f.Kind == wanted.Kind && f.Subject == wanted.Subject && f.DueOn == wanted.DueOn && f.DueAt == wanted.FireAt));
        if (missing.Count == 0)
            return changes;
        var generations = (await session.Connection.QueryAsync<PendingRow>(SelectLastGenerations, new { RequestId = id }, session.Transaction))
            .ToDictionary(g => (g.Kind, g.Subject), g => g.Generation);
        foreach (var wanted in missing)
        {
            await session.Connection.ExecuteAsync(Schedule, new
            {
                RequestId = id, wanted.Kind, wanted.Subject, Generation = generations.GetValueOrDefault((wanted.Kind, wanted.Subject)) + 1,
                wanted.DueOn, DueAt = wanted.FireAt,
            }, session.Transaction);
            changes++;
        }
        return changes;
    }

    /// <summary>Takes due timers with lock-and-skip, so across nodes each fires once.</summary>
    public static async Task<IReadOnlyList<ClaimedDeadline>> ClaimDueAsync(DbSession session, Instant now, int batch) =>
        (await session.Connection.QueryAsync<ClaimedDeadline>(session.Dialect.ClaimDueDeadlines,
            new { Now = now, Batch = batch }, session.Transaction)).ToList();
}
