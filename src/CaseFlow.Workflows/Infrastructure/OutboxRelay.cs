using System.Collections.Frozen;
using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Operations;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Relays committed outbox messages to the bus, in order, with the outbox message id as the bus message id
/// (so a consumer's inbox recognises a repeat). Rows are claimed with lock-and-skip, so several nodes can relay.</summary>
public sealed class OutboxRelay(Database database, IBus bus, IClock clock, IOptions<SweeperOptions> options, CaseFlowMetrics metrics,
    ILogger<OutboxRelay> logger)
    : BackgroundService
{
    /// <summary>Only these types are ever read back from the outbox.</summary>
    private static readonly FrozenDictionary<string, Type> KnownTypes = new[]
    {
        typeof(RequestRegistered), typeof(RequestClosed), typeof(DeadlineApproaching), typeof(DeadlineMissed),
        typeof(DeadlineReached), typeof(RecomputeDeadlines),
        typeof(LetterServed),
        typeof(Consultations.ConsultationStarted), typeof(Consultations.ConsultationLetterServed), typeof(Consultations.ConsultationEnded), typeof(Consultations.ConsultationDeadlineReached),
        typeof(Consultations.ConsultationNotice),
    }.ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>Publishes every unsent message; returns how many were sent.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            var session = new DbSession(connection, transaction, database.Dialect);
            var batch = await Outbox.ClaimAsync(session, options.Value.BatchSize);
            using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            publishing.CancelAfter(options.Value.OutboxPublishTimeout);
            foreach (var message in batch)
            {
                if (!KnownTypes.TryGetValue(message.MessageType, out var type))
                    throw new InvalidOperationException($"Outbox message {message.Id} has unknown type {message.MessageType}.");
                var body = JsonSerializer.Deserialize(message.Body, type, CaseFlowJson.Options)!;
                var messageId = Guid.Parse(message.MessageId);
                try
                {
                    await bus.Publish(body, type, context => context.MessageId = messageId, publishing.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The broker did not take the outbox batch within {options.Value.OutboxPublishTimeout.TotalSeconds:F0} s.");
                }
                await Outbox.MarkSentAsync(session, message.Id, clock.GetCurrentInstant());
            }
            await transaction.CommitAsync(cancellationToken);
            sent += batch.Count;
            metrics.OutboxRelayed(batch.Count);
            if (batch.Count < options.Value.BatchSize)
                return sent;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
            return;
        using var timer = new PeriodicTimer(options.Value.OutboxPollInterval);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Outbox relay failed ({Error}: {Message}); retrying at the next tick", e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
