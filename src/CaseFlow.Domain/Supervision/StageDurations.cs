using NodaTime;

namespace CaseFlow.Domain.Supervision;

/// <summary>One line of a request's history: the moment it entered a state.</summary>
public sealed record StateEntry(string RequestId, Instant At, string State);

/// <summary>Time spent in one state, over the requests measured.</summary>
public sealed record StageTime(string State, int Requests, Duration Total)
{
    public double AverageDays => Requests == 0 ? 0 : Total.TotalDays / Requests;
}

/// <summary>One request's time in one state: what it adds to <see cref="StageTime"/> (one request, its time).</summary>
public sealed record StageSpent(string State, Duration Spent);

/// <summary>Time spent per stage of the procedure (the dashboard's 各环节用时): for each request, the time from entering a
/// state to entering the next one. The final state (replied, closed) has no duration. Each span counts in whole
/// milliseconds (truncated), the unit the workflow stores (<c>stage_time_counts.spent_ms</c>, migration 0034).</summary>
public static class StageDurations
{
    /// <summary>What one request adds to the time per stage, from its history in order (the audit trail's order): per state
    /// it spent time in (a state left at the moment it was entered counts too), its summed time, the state counted once.
    /// The workflow stores it when the request closes and takes it back when the request is reopened; the contributions of
    /// the requests closed in a period, summed per state, are <see cref="Compute"/> over their histories.</summary>
    public static IReadOnlyList<StageSpent> Contribution(IEnumerable<(Instant At, string State)> history)
    {
        var spent = new Dictionary<string, Duration>(StringComparer.Ordinal);
        var order = new List<string>();
        (Instant At, string State)? current = null;
        foreach (var entry in history)
        {
            if (current is not { } entered)
            {
                current = entry;
                continue;
            }
            if (entry.State == entered.State)
                continue;
            if (!spent.TryGetValue(entered.State, out var total))
                order.Add(entered.State);
            spent[entered.State] = total + Span(entered.At, entry.At);
            current = entry;
        }
        return order.Select(s => new StageSpent(s, spent[s])).ToList();
    }

    /// <summary>The recount over whole histories: <paramref name="entries"/> in order per request (the audit trail's
    /// order). Ordered by total time, longest first, then by state name.</summary>
    public static IReadOnlyList<StageTime> Compute(IEnumerable<StateEntry> entries)
    {
        var totals = new Dictionary<string, (HashSet<string> Requests, Duration Total)>(StringComparer.Ordinal);
        foreach (var request in entries.GroupBy(e => e.RequestId, StringComparer.Ordinal))
        {
            StateEntry? current = null;
            foreach (var entry in request)
            {
                if (current is not null && entry.State != current.State)
                {
                    Add(current.State, request.Key, Span(current.At, entry.At));
                    current = entry;
                }
                current ??= entry;
            }
        }
        return Ordered(totals.Select(t => new StageTime(t.Key, t.Value.Requests.Count, t.Value.Total)));

        void Add(string state, string requestId, Duration spent)
        {
            var (requests, total) = totals.TryGetValue(state, out var found) ? found : (new HashSet<string>(StringComparer.Ordinal), Duration.Zero);
            requests.Add(requestId);
            totals[state] = (requests, total + spent);
        }
    }

    /// <summary>The dashboard's order: longest total first, then by state name.</summary>
    public static IReadOnlyList<StageTime> Ordered(IEnumerable<StageTime> stages) =>
        stages.OrderByDescending(t => t.Total).ThenBy(t => t.State, StringComparer.Ordinal).ToList();

    /// <summary>A span in whole milliseconds, truncated toward zero.</summary>
    public static Duration Span(Instant from, Instant to) => Duration.FromMilliseconds((to - from).ToInt64Nanoseconds() / 1_000_000);
}
