namespace CaseFlow.Persistence.Dialects;

/// <summary>The few statements that differ between databases, each named for the rule it serves. Everything
/// else is one SQL text for all three.</summary>
public interface ISqlDialect
{
    /// <summary>Folder of this dialect's migrations under <c>Migrations/</c>.</summary>
    string Name { get; }

    /// <summary>Records that a consumer has seen a message; affects 0 rows when it already had (the inbox).
    /// Parameters: @Consumer, @MessageId, @ReceivedAt.</summary>
    string InsertInboxIfAbsent { get; }

    /// <summary>Allocates the next tracking number of an agency's year and returns it as <c>last_value</c>.
    /// Parameters: @AgencyCode, @Year.</summary>
    string NextTrackingNumber { get; }

    /// <summary>Takes up to @Batch pending deadlines due at or before @Now, skipping rows another node holds, and
    /// marks them fired in the same statement or transaction; returns id, request_id, kind, subject, generation, due_on.</summary>
    string ClaimDueDeadlines { get; }

    /// <summary>Takes up to @Batch unsent outbox messages in order, skipping rows another node holds; returns
    /// id, message_id, message_type, body. The caller marks them sent in the same transaction.</summary>
    string ClaimOutbox { get; }

    /// <summary>Allocates the next document number of an agency's letter type and year and returns it as <c>last_value</c>;
    /// run in the transaction that inserts the letter, so numbers are gap-free. Parameters: @AgencyCode, @LetterType, @Year.</summary>
    string NextLetterNumber { get; }

    /// <summary>Creates the table of applied migrations when it is missing.</summary>
    string CreateMigrationsTable { get; }

    /// <summary>Serialises migration runs of several nodes for the rest of the transaction.</summary>
    string LockMigrations { get; }

    /// <summary>Appends the paging clause for @Skip and @Take to an ordered query.</summary>
    string Page { get; }
}
