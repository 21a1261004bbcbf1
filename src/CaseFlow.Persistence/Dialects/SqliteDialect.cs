namespace CaseFlow.Persistence.Dialects;

/// <summary>SQLite: one writer at a time (<c>BEGIN IMMEDIATE</c>), so a claim needs no row locks.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public string Name => "Sqlite";

    public string InsertInboxIfAbsent => """
        INSERT INTO inbox (consumer, message_id, received_at) VALUES (@Consumer, @MessageId, @ReceivedAt)
        ON CONFLICT (consumer, message_id) DO NOTHING
        """;

    public string AddStageTime => """
        INSERT INTO stage_time_counts (agency_code, closed_on, state, requests, spent_ms) VALUES (@AgencyCode, @ClosedOn, @State, @Requests, @SpentMs)
        ON CONFLICT (agency_code, closed_on, state) DO UPDATE SET requests = stage_time_counts.requests + excluded.requests,
            spent_ms = stage_time_counts.spent_ms + excluded.spent_ms
        """;

    public string NextTrackingNumber => """
        INSERT INTO tracking_counters (agency_code, year, last_value) VALUES (@AgencyCode, @Year, 1)
        ON CONFLICT (agency_code, year) DO UPDATE SET last_value = tracking_counters.last_value + 1
        RETURNING last_value
        """;

    public string NextLetterNumber => """
        INSERT INTO letter_counters (agency_code, letter_type, year, last_value) VALUES (@AgencyCode, @LetterType, @Year, 1)
        ON CONFLICT (agency_code, letter_type, year) DO UPDATE SET last_value = letter_counters.last_value + 1
        RETURNING last_value
        """;

    public string ClaimDueDeadlines => """
        UPDATE deadlines SET status = 'fired', fired_at = @Now
        WHERE id IN (SELECT id FROM deadlines WHERE status = 'pending' AND due_at <= @Now ORDER BY due_at, id LIMIT @Batch)
        RETURNING id, request_id, kind, subject, generation, due_on
        """;

    public string ClaimOutbox => """
        UPDATE outbox SET lease_owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND (lease_until IS NULL OR lease_until <= @Now) ORDER BY id LIMIT @Batch)
        RETURNING id, message_id, message_type, body
        """;

    public string PruneSentOutbox => """
        DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < @Cutoff ORDER BY sent_at LIMIT @Batch)
        """;

    public string PruneInbox => """
        DELETE FROM inbox WHERE (consumer, message_id) IN (SELECT consumer, message_id FROM inbox WHERE received_at < @Cutoff LIMIT @Batch)
        """;

    public string PruneDeadlines => """
        DELETE FROM deadlines WHERE id IN (SELECT id FROM deadlines WHERE status <> 'pending' AND (
            EXISTS (SELECT 1 FROM requests r WHERE r.id = deadlines.request_id AND r.closed_on IS NOT NULL AND r.updated_at < @Cutoff)
            OR EXISTS (SELECT 1 FROM consultations c WHERE c.id = deadlines.request_id AND c.ended_on IS NOT NULL AND c.updated_at < @Cutoff))
            LIMIT @Batch)
        """;

    public string CreateMigrationsTable => """
        CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
        """;

    public string LockMigrations => "SELECT 1";

    public string Page => " LIMIT @Take OFFSET @Skip";
}
