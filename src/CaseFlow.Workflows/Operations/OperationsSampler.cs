using CaseFlow.Persistence;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.Operations;

/// <summary>Settings of the operations loops (<c>Operations:</c>).</summary>
public sealed class OperationsOptions
{
    public TimeSpan MetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Reads the gauges' counts (requests by state, timers due, outbox backlog) from the database every
/// <see cref="OperationsOptions.MetricsSampleInterval"/>.</summary>
public sealed class OperationsSampler(Database database, IClock clock, CaseFlowMetrics metrics, IOptions<OperationsOptions> options,
    IOptions<Infrastructure.SweeperOptions> loops, ILogger<OperationsSampler> logger) : BackgroundService
{
    private const string RequestsByState = "SELECT state AS State, COUNT(*) AS Count FROM requests GROUP BY state";

    public async Task<OperationsSnapshot> SampleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var byState = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(RequestsByState, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.State, r => r.Count);
        var due = await connection.ExecuteScalarAsync<long>(new CommandDefinition(DeadlineStore.CountPendingDue,
            new { Now = clock.GetCurrentInstant() }, cancellationToken: cancellationToken));
        var backlog = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Outbox.CountUnsent, cancellationToken: cancellationToken));
        var snapshot = new OperationsSnapshot(byState, due, backlog);
        metrics.Record(snapshot);
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!loops.Value.RunInBackground)
            return;
        using var timer = new PeriodicTimer(options.Value.MetricsSampleInterval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Metrics sample failed ({Error}); keeping the last sample", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
