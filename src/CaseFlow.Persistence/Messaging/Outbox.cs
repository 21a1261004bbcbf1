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
public static class Outbox
{
    public const string Add = """
        INSERT INTO outbox (message_id, message_type, body, created_at) VALUES (@MessageId, @MessageType, @Body, @CreatedAt)
        """;

    public const string MarkSent = "UPDATE outbox SET sent_at = @SentAt WHERE id = @Id";

    public const string CountUnsent = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";

    public static Task AddAsync(DbSession session, Guid messageId, string messageType, string body, Instant createdAt) =>
        session.Connection.ExecuteAsync(Add, new { MessageId = messageId.ToString(), MessageType = messageType, Body = body, CreatedAt = createdAt }, session.Transaction);

    public static async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DbSession session, int batch) =>
        (await session.Connection.QueryAsync<OutboxMessage>(session.Dialect.ClaimOutbox, new { Batch = batch }, session.Transaction)).ToList();

    public static Task MarkSentAsync(DbSession session, long id, Instant sentAt) =>
        session.Connection.ExecuteAsync(MarkSent, new { Id = id, SentAt = sentAt }, session.Transaction);
}

/// <summary>The inbox: a consumer handles a message id once, however often the broker redelivers it.</summary>
public static class Inbox
{
    public static async Task<bool> TryReceiveAsync(DbSession session, string consumer, Guid messageId, Instant receivedAt) =>
        await session.Connection.ExecuteAsync(session.Dialect.InsertInboxIfAbsent,
            new { Consumer = consumer, MessageId = messageId.ToString(), ReceivedAt = receivedAt }, session.Transaction) == 1;
}
