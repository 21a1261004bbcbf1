using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>When the loaded calendar differs from the one an open request's deadlines were computed with (a new
/// year's file, a corrected notice), asks each such request to recompute; each change is audited by the request.</summary>
public sealed class RecomputeOnCalendarChange(Database database, CalendarCatalog calendars, IOptions<WorkflowOptions> options, IClock clock,
    ILogger<RecomputeOnCalendarChange> logger) : IHostedService
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var version = calendars.ClockFor(options.Value.DefaultCalendarId).Calendar.Version;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var session = new DbSession(connection, transaction, database.Dialect);
        var stale = await RequestStore.OpenWithOtherCalendarAsync(session, version);
        foreach (var id in stale)
            await OutboxWriter.AddAsync(session, new RecomputeDeadlines { RequestId = id, CalendarVersion = version }, clock.GetCurrentInstant());
        await transaction.CommitAsync(cancellationToken);
        if (stale.Count > 0)
            logger.LogInformation("Calendar {Version}: recomputing the deadlines of {Count} open requests", version, stale.Count);
        return stale.Count;
    }

    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
