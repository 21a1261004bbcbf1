using NodaTime;

namespace CaseFlow.Domain.Supervision;

/// <summary>One line of a request's history: the moment it entered a state.</summary>
public sealed record StateEntry(string RequestId, Instant At, string State);

/// <summary>Time spent in one state, over the requests measured.</summary>
public sealed record StageTime(string State, int Requests, Duration Total)
{
    public double AverageDays => Requests == 0 ? 0 : Total.TotalDays / Requests;
}

/// <summary>Time spent per stage of the procedure (the dashboard's 各环节用时): for each request, the time from entering a
/// state to entering the next one. The final state (replied, closed) has no duration.</summary>
public static class StageDurations
{
    /// <summary><paramref name="entries"/> in order per request (the audit trail's order).</summary>
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
                    Add(current.State, request.Key, entry.At - current.At);
                    current = entry;
                }
                current ??= entry;
            }
        }
        return totals.Select(t => new StageTime(t.Key, t.Value.Requests.Count, t.Value.Total)).OrderByDescending(t => t.Total).ToList();

        void Add(string state, string requestId, Duration spent)
        {
            var (requests, total) = totals.TryGetValue(state, out var found) ? found : (new HashSet<string>(StringComparer.Ordinal), Duration.Zero);
            requests.Add(requestId);
            totals[state] = (requests, total + spent);
        }
    }
}
