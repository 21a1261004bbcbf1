using CaseFlow.Persistence;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Settings of the background loops (<c>Workflows:</c>).</summary>
public sealed class SweeperOptions
{
    public TimeSpan DeadlinePollInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public int BatchSize { get; set; } = 100;
    /// <summary>How long the relay waits for the broker to take one batch. A publish caught in a broker restart can wait
    /// for a confirmation that never comes; after this the batch is rolled back (its claims released) and tried again.</summary>
    public TimeSpan OutboxPublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a relay's claim on an outbox batch holds; after it a crashed relay's rows are claimed by
    /// another. A relay stops publishing a few seconds before its lease ends. Keep it well above <see cref="OutboxPublishTimeout"/>.</summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Sent outbox rows, processed inbox ids and the fired timers of closed requests are deleted after this.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How often each node prunes, and how many rows one pruning transaction deletes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
    public int PruneBatchSize { get; set; } = 500;
    /// <summary>Tests drive the loops by calling TickAsync with a fake clock instead.</summary>
    public bool RunInBackground { get; set; } = true;
}

/// <summary>Fires due statutory timers: claims them (lock-and-skip, so each fires once across nodes) and writes a
/// <see cref="DeadlineReached"/> to the outbox in the same transaction. The request decides by its state whether a
/// firing still matters.</summary>
public sealed class DeadlineSweeper(Database database, IClock clock, IOptions<SweeperOptions> options, CaseFlowMetrics metrics,
    ILogger<DeadlineSweeper> logger)
    : BackgroundService
{
    /// <summary>Fires every timer due now; returns how many fired.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            var session = new DbSession(connection, transaction, database.Dialect);
            var now = clock.GetCurrentInstant();
            var due = await DeadlineStore.ClaimDueAsync(session, now, options.Value.BatchSize);
            foreach (var deadline in due)
            {
                // A consultation's timers are kept under the consultation's id and go to the consultation workflow.
                if (Consultations.ConsultationDeadlineKinds.IsConsultationKind(deadline.Kind))
                    await OutboxWriter.AddAsync(session, new Consultations.ConsultationDeadlineReached
                    {
                        ConsultationId = Guid.Parse(deadline.RequestId), Kind = deadline.Kind, Generation = deadline.Generation, DueOn = deadline.DueOn,
                    }, now);
                else
                    await OutboxWriter.AddAsync(session, new DeadlineReached
                    {
                        RequestId = Guid.Parse(deadline.RequestId), Kind = deadline.Kind, Subject = deadline.Subject,
                        Generation = deadline.Generation, DueOn = deadline.DueOn,
                    }, now);
            }
            await transaction.CommitAsync(cancellationToken);
            fired += due.Count;
            metrics.TimersFired(due.Count);
            if (due.Count < options.Value.BatchSize)
                return fired;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
            return;
        using var timer = new PeriodicTimer(options.Value.DeadlinePollInterval);
        do
        {
            try
            {
                var fired = await TickAsync(stoppingToken);
                if (fired > 0)
                    logger.LogInformation("Fired {Count} deadline timers", fired);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Deadline sweep failed ({Error}: {Message}); retrying at the next tick", e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
