using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Audit;

/// <summary>One line of a request's audit trail: who did what when, and what it changed.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public required string RequestId { get; init; }
    public required string MessageId { get; init; }
    public required Instant OccurredAt { get; init; }
    public required string Actor { get; init; }
    public required string Activity { get; init; }
    public string? FromState { get; init; }
    public required string ToState { get; init; }
    /// <summary>JSON object, what the message changed: the registration's entry lists every field it set; later entries
    /// give each changed field's new value (<c>null</c> = cleared; an object only its changed fields), the value before
    /// being the one earlier entries set (<c>SagaJson.Replay</c>). Entries written before issue 15 hold
    /// <c>{"field": {"before": …, "after": …}}</c> per changed top-level field.</summary>
    public required string Changes { get; init; }
}

/// <summary>The append-only audit trail. There is no UPDATE or DELETE of it anywhere, and the database refuses
/// both (triggers in every dialect); a message can add at most one entry per request (unique message id).</summary>
public static class AuditTrail
{
    public const string Append = """
        INSERT INTO audit_entries (request_id, message_id, occurred_at, actor, activity, from_state, to_state, changes)
        VALUES (@RequestId, @MessageId, @OccurredAt, @Actor, @Activity, @FromState, @ToState, @Changes)
        """;

    public const string SelectForRequest = """
        SELECT id AS Id, request_id AS RequestId, message_id AS MessageId, occurred_at AS OccurredAt, actor AS Actor,
               activity AS Activity, from_state AS FromState, to_state AS ToState, changes AS Changes
        FROM audit_entries WHERE request_id = @RequestId ORDER BY id
        """;

    public static Task AppendAsync(DbSession session, AuditEntry entry) =>
        session.Connection.ExecuteAsync(Append, entry, session.Transaction);

    public static async Task<IReadOnlyList<AuditEntry>> ForRequestAsync(System.Data.Common.DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<AuditEntry>(SelectForRequest, new { RequestId = requestId.ToString() })).ToList();
}
