using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Messaging;

/// <summary>A message waiting in the outbox.</summary>
public sealed record OutboxMessage
{
    public required long Id { get; init; }
    public required string MessageId { get; init; }
    public required string MessageType { get; init; }
    public required string Body { get; init; }
}

/// <summary>The transactional outbox: messages are written in the transaction of the state change that causes them
/// and relayed to the bus after it commits, so a change and its messages happen together or not at all.</summary>
/// <remarks>The relay never publishes inside a transaction: it claims a batch with a lease (a short transaction),
/// publishes, and marks the batch sent (another short transaction). A relay that dies holding a lease loses it when
/// the lease expires; its rows are then claimed again and published again, which consumers' inboxes recognise.</remarks>
public static class Outbox
{
    public const string Add = """
        INSERT INTO outbox (message_id, message_type, body, created_at) VALUES (@MessageId, @MessageType, @Body, @CreatedAt)
        """;

    public const string MarkSent = """
        UPDATE outbox SET sent_at = @SentAt, lease_owner = NULL, lease_until = NULL WHERE id = @Id AND sent_at IS NULL
        """;

    /// <summary>Gives back the leases a relay still holds on rows it could not publish, so the next claim retries them.</summary>
    public const string Release = """
        UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @Owner AND sent_at IS NULL
        """;

    /// <summary>Sets a row aside that can never be published (its type is unknown to this node), so the rows after it flow.</summary>
    public const string Park = """
        UPDATE outbox SET parked_at = @ParkedAt, park_reason = @Reason, lease_owner = NULL, lease_until = NULL WHERE id = @Id AND sent_at IS NULL
        """;

    public const string CountUnsent = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL";

    public const string CountParked = "SELECT COUNT(*) FROM outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL";

    public static Task AddAsync(DbSession session, Guid messageId, string messageType, string body, Instant createdAt) =>
        session.Connection.ExecuteAsync(Add, new { MessageId = messageId.ToString(), MessageType = messageType, Body = body, CreatedAt = createdAt }, session.Transaction);

    /// <summary>Leases up to <paramref name="batch"/> unsent, unparked messages whose lease is free or expired, to
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/>; returned in outbox order.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DbSession session, string owner, Instant now, Instant leaseUntil, int batch) =>
        (await session.Connection.QueryAsync<OutboxMessage>(session.Dialect.ClaimOutbox,
            new { Owner = owner, Now = now, LeaseUntil = leaseUntil, Batch = batch }, session.Transaction))
        .OrderBy(m => m.Id).ToList();

    public static async Task MarkSentAsync(DbSession session, IReadOnlyCollection<long> ids, Instant sentAt)
    {
        foreach (var id in ids)
            await session.Connection.ExecuteAsync(MarkSent, new { Id = id, SentAt = sentAt }, session.Transaction);
    }

    public static Task ReleaseAsync(DbSession session, string owner) =>
        session.Connection.ExecuteAsync(Release, new { Owner = owner }, session.Transaction);

    public static Task ParkAsync(DbSession session, long id, string reason, Instant parkedAt) =>
        session.Connection.ExecuteAsync(Park, new { Id = id, Reason = reason.Length > 400 ? reason[..400] : reason, ParkedAt = parkedAt }, session.Transaction);
}

/// <summary>The inbox: a consumer handles a message id once, however often the broker redelivers it.</summary>
public static class Inbox
{
    public static async Task<bool> TryReceiveAsync(DbSession session, string consumer, Guid messageId, Instant receivedAt) =>
        await session.Connection.ExecuteAsync(session.Dialect.InsertInboxIfAbsent,
            new { Consumer = consumer, MessageId = messageId.ToString(), ReceivedAt = receivedAt }, session.Transaction) == 1;
}

/// <summary>What pruning removed.</summary>
public sealed record PruneResult(long OutboxRows, long InboxRows, long DeadlineRows)
{
    public long Total => OutboxRows + InboxRows + DeadlineRows;
}

/// <summary>Keeps the bookkeeping tables bounded: sent outbox rows and inbox ids older than the retention, and the
/// fired or cancelled timers of requests and consultations closed before it, are deleted in small batches (each its
/// own short write transaction, so no node waits long for the write lock). Audit entries are never pruned.</summary>
/// <remarks>Timers of open requests are kept: a fired row stops the same timer being armed again
/// (<see cref="Deadlines.DeadlineStore.SyncAsync"/>).</remarks>
public static class Retention
{
    public static async Task<PruneResult> PruneAsync(Database database, Instant cutoff, int batch, CancellationToken cancellationToken = default)
    {
        var outbox = await DeleteInBatchesAsync(database, database.Dialect.PruneSentOutbox, cutoff, batch, cancellationToken);
        var inbox = await DeleteInBatchesAsync(database, database.Dialect.PruneInbox, cutoff, batch, cancellationToken);
        var deadlines = await DeleteInBatchesAsync(database, database.Dialect.PruneDeadlines, cutoff, batch, cancellationToken);
        return new PruneResult(outbox, inbox, deadlines);
    }

    private static async Task<long> DeleteInBatchesAsync(Database database, string sql, Instant cutoff, int batch, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(sql, new { Cutoff = cutoff, Batch = batch }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            total += deleted;
            if (deleted < batch)
                return total;
        }
    }
}
