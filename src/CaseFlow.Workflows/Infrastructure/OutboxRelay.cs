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
/// (so a consumer's inbox recognises a repeat). The relay never publishes inside a transaction: it leases a batch in
/// one short transaction, publishes, and marks what it published sent in another. A relay that dies holding a lease
/// loses it after <see cref="SweeperOptions.OutboxLease"/>; another node then claims and publishes those rows.
/// A row whose type this node cannot read is parked with its reason (and logged), so the rows after it flow.</summary>
public sealed class OutboxRelay(Database database, IBus bus, IClock clock, IOptions<SweeperOptions> options, CaseFlowMetrics metrics,
    ILogger<OutboxRelay> logger)
    : BackgroundService
{
    /// <summary>Only these types are ever read back from the outbox.</summary>
    internal static readonly FrozenDictionary<string, Type> KnownTypes = new[]
    {
        typeof(RequestRegistered), typeof(RequestClosed), typeof(RequestReopened), typeof(DeadlineApproaching), typeof(DeadlineMissed),
        typeof(DeadlineReached), typeof(RecomputeDeadlines),
        typeof(LetterServed),
        typeof(Consultations.ConsultationStarted), typeof(Consultations.ConsultationLetterServed), typeof(Consultations.ConsultationEnded), typeof(Consultations.ConsultationDeadlineReached),
        typeof(Consultations.ConsultationNotice),
        // 转送 (Art. 36(五)): the copy forwarded to the competent agency is registered there as a new request.
        typeof(RegisterRequest),
    }.ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>This relay's name on its leases.</summary>
    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Publishes every unsent message; returns how many were sent.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        var settings = options.Value;
        while (true)
        {
            // The lease is measured from before the claim; this relay stops publishing a safety margin before it
            // ends, so no row is ever published by two relays while a lease holds.
            var claimed = System.Diagnostics.Stopwatch.StartNew();
            var usable = settings.OutboxLease - TimeSpan.FromSeconds(Math.Min(5, settings.OutboxLease.TotalSeconds / 4));
            var now = clock.GetCurrentInstant();
            IReadOnlyList<OutboxMessage> batch;
            await using (var connection = await database.OpenAsync(cancellationToken))
            await using (var transaction = await database.BeginWriteAsync(connection, cancellationToken))
            {
                batch = await Outbox.ClaimAsync(new DbSession(connection, transaction, database.Dialect), Owner, now,
                    now + Duration.FromTimeSpan(settings.OutboxLease), settings.BatchSize);
                await transaction.CommitAsync(cancellationToken);
            }
            if (batch.Count == 0)
                return sent;

            var published = new List<long>(batch.Count);
            var parked = new List<(long Id, string Reason)>();
            Exception? failure = null;
            using (var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                publishing.CancelAfter(settings.OutboxPublishTimeout < usable ? settings.OutboxPublishTimeout : usable);
                foreach (var message in batch)
                {
                    if (claimed.Elapsed >= usable)
                    {
                        failure = new TimeoutException($"The outbox lease of {settings.OutboxLease.TotalSeconds:F0} s ran out before the batch was published.");
                        break;
                    }
                    if (!KnownTypes.TryGetValue(message.MessageType, out var type))
                    {
                        parked.Add((message.Id, $"Unknown message type {message.MessageType}."));
                        continue;
                    }
                    object body;
                    try
                    {
                        body = JsonSerializer.Deserialize(message.Body, type, CaseFlowJson.Options)!;
                    }
                    catch (JsonException e)
                    {
                        parked.Add((message.Id, $"Unreadable {message.MessageType}: {e.Message}"));
                        continue;
                    }
                    var messageId = Guid.Parse(message.MessageId);
                    try
                    {
                        await bus.Publish(body, type, context => context.MessageId = messageId, publishing.Token);
                        published.Add(message.Id);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = new TimeoutException($"The broker did not take the outbox batch within {Math.Min(settings.OutboxPublishTimeout.TotalSeconds, usable.TotalSeconds):F0} s.");
                        break;
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = e;
                        break;
                    }
                }
            }

            // What was published is marked sent; the rest of the batch is released at once (not left to its lease) so
            // the next tick retries it in order.
            var done = clock.GetCurrentInstant();
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            await using (var transaction = await database.BeginWriteAsync(connection, CancellationToken.None))
            {
                var session = new DbSession(connection, transaction, database.Dialect);
                await Outbox.MarkSentAsync(session, published, done);
                foreach (var (id, reason) in parked)
                    await Outbox.ParkAsync(session, id, reason, done);
                await Outbox.ReleaseAsync(session, Owner);
                await transaction.CommitAsync(CancellationToken.None);
            }
            foreach (var (id, reason) in parked)
                logger.LogError("Outbox message {Id} parked: {Reason} It stays in the outbox (parked_at) and the messages after it are relayed.", id, reason);
            sent += published.Count;
            metrics.OutboxRelayed(published.Count);
            if (failure is not null)
                throw failure is TimeoutException ? failure : new InvalidOperationException($"Publishing outbox message failed: {failure.Message}", failure);
            if (batch.Count < settings.BatchSize)
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
