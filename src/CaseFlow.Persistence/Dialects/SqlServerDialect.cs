namespace CaseFlow.Persistence.Dialects;

/// <summary>SQL Server: claims take update locks and skip locked rows with <c>READPAST</c>.</summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public string Name => "SqlServer";

    public string InsertInboxIfAbsent => """
        INSERT INTO inbox (consumer, message_id, received_at)
        SELECT @Consumer, @MessageId, @ReceivedAt
        WHERE NOT EXISTS (SELECT 1 FROM inbox WITH (UPDLOCK, HOLDLOCK) WHERE consumer = @Consumer AND message_id = @MessageId)
        """;

    public string AddStageTime => """
        MERGE stage_time_counts WITH (HOLDLOCK) AS t
        USING (SELECT @AgencyCode AS agency_code, @ClosedOn AS closed_on, @State AS state, @Requests AS requests, @SpentMs AS spent_ms) AS s
        ON t.agency_code = s.agency_code AND t.closed_on = s.closed_on AND t.state = s.state
        WHEN MATCHED THEN UPDATE SET requests = t.requests + s.requests, spent_ms = t.spent_ms + s.spent_ms
        WHEN NOT MATCHED THEN INSERT (agency_code, closed_on, state, requests, spent_ms) VALUES (s.agency_code, s.closed_on, s.state, s.requests, s.spent_ms);
        """;

    public string NextTrackingNumber => """
        MERGE tracking_counters WITH (HOLDLOCK) AS t
        USING (SELECT @AgencyCode AS agency_code, @Year AS year) AS s
        ON t.agency_code = s.agency_code AND t.year = s.year
        WHEN MATCHED THEN UPDATE SET last_value = t.last_value + 1
        WHEN NOT MATCHED THEN INSERT (agency_code, year, last_value) VALUES (s.agency_code, s.year, 1)
        OUTPUT inserted.last_value;
        """;

    public string NextLetterNumber => """
        MERGE letter_counters WITH (HOLDLOCK) AS t
        USING (SELECT @AgencyCode AS agency_code, @LetterType AS letter_type, @Year AS year) AS s
        ON t.agency_code = s.agency_code AND t.letter_type = s.letter_type AND t.year = s.year
        WHEN MATCHED THEN UPDATE SET last_value = t.last_value + 1
        WHEN NOT MATCHED THEN INSERT (agency_code, letter_type, year, last_value) VALUES (s.agency_code, s.letter_type, s.year, 1)
        OUTPUT inserted.last_value;
        """;

    public string ClaimDueDeadlines => """
        WITH due AS (
            SELECT TOP (@Batch) * FROM deadlines WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE status = 'pending' AND due_at <= @Now ORDER BY due_at, id)
        UPDATE due SET status = 'fired', fired_at = @Now
        OUTPUT inserted.id, inserted.request_id, inserted.kind, inserted.subject, inserted.generation, inserted.due_on;
        """;

    public string ClaimOutbox => """
        WITH due AS (
            SELECT TOP (@Batch) * FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE sent_at IS NULL AND parked_at IS NULL AND (lease_until IS NULL OR lease_until <= @Now) ORDER BY id)
        UPDATE due SET lease_owner = @Owner, lease_until = @LeaseUntil
        OUTPUT inserted.id, inserted.message_id, inserted.message_type, inserted.body;
        """;

    public string PruneSentOutbox => """
        DELETE TOP (@Batch) FROM outbox WITH (READPAST) WHERE sent_at < @Cutoff
        """;

    public string PruneInbox => """
        DELETE TOP (@Batch) FROM inbox WITH (READPAST) WHERE received_at < @Cutoff
        """;

    public string PruneDeadlines => """
        DELETE TOP (@Batch) FROM deadlines WITH (READPAST) WHERE status <> 'pending' AND (
            EXISTS (SELECT 1 FROM requests r WHERE r.id = deadlines.request_id AND r.closed_on IS NOT NULL AND r.updated_at < @Cutoff)
            OR EXISTS (SELECT 1 FROM consultations c WHERE c.id = deadlines.request_id AND c.ended_on IS NOT NULL AND c.updated_at < @Cutoff))
        """;

    public string CreateMigrationsTable => """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (version INT NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY, name NVARCHAR(200) NOT NULL, applied_at DATETIME2 NOT NULL)
        """;

    public string LockMigrations => "EXEC sp_getapplock @Resource = N'caseflow-migrations', @LockMode = N'Exclusive', @LockOwner = N'Transaction'";

    public string Page => " OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";
}
