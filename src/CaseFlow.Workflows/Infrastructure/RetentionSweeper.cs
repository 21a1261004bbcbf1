using CaseFlow.Persistence;
using CaseFlow.Persistence.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Keeps the bookkeeping tables bounded (<see cref="Retention"/>): every <see cref="SweeperOptions.PruneInterval"/>
/// deletes sent outbox rows, processed inbox ids and the fired or cancelled timers of closed requests older than
/// <see cref="SweeperOptions.Retention"/>, in batches of <see cref="SweeperOptions.PruneBatchSize"/>.</summary>
public sealed class RetentionSweeper(Database database, IClock clock, IOptions<SweeperOptions> options, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    public Task<PruneResult> TickAsync(CancellationToken cancellationToken = default) =>
        Retention.PruneAsync(database, clock.GetCurrentInstant() - Duration.FromTimeSpan(options.Value.Retention),
            Math.Max(1, options.Value.PruneBatchSize), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
            return;
        using var timer = new PeriodicTimer(options.Value.PruneInterval);
        do
        {
            try
            {
                var pruned = await TickAsync(stoppingToken);
                if (pruned.Total > 0)
                    logger.LogInformation("Pruned {Outbox} sent outbox rows, {Inbox} inbox ids and {Deadlines} timers", pruned.OutboxRows, pruned.InboxRows, pruned.DeadlineRows);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Pruning failed ({Error}: {Message}); retrying at the next tick", e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
