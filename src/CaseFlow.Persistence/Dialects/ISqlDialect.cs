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

    /// <summary>Leases up to @Batch unsent, unparked outbox messages in id order whose lease is free or expired at @Now
    /// to @Owner until @LeaseUntil, skipping rows another node is claiming; returns id, message_id, message_type, body.
    /// The caller commits at once, publishes outside any transaction, then marks them sent.</summary>
    string ClaimOutbox { get; }

    /// <summary>Deletes up to @Batch outbox rows sent before @Cutoff.</summary>
    string PruneSentOutbox { get; }

    /// <summary>Deletes up to @Batch inbox ids received before @Cutoff.</summary>
    string PruneInbox { get; }

    /// <summary>Deletes up to @Batch fired or cancelled timers of requests closed, or consultations ended, and last
    /// changed before @Cutoff (a fired timer of an open request keeps it from being armed again).</summary>
    string PruneDeadlines { get; }

    /// <summary>Allocates the next document number of an agency's letter type and year and returns it as <c>last_value</c>;
    /// run in the transaction that inserts the letter, so numbers are gap-free. Parameters: @AgencyCode, @LetterType, @Year.</summary>
    string NextLetterNumber { get; }

    /// <summary>Adds @Requests and @SpentMs (negative to take a contribution back) to the time per stage of @State counted
    /// for @AgencyCode on @ClosedOn (<c>stage_time_counts</c>, migration 0034), creating the counter when missing.</summary>
    string AddStageTime { get; }

    /// <summary>Creates the table of applied migrations when it is missing.</summary>
    string CreateMigrationsTable { get; }

    /// <summary>Serialises migration runs of several nodes for the rest of the transaction.</summary>
    string LockMigrations { get; }

    /// <summary>Appends the paging clause for @Skip and @Take to an ordered query.</summary>
    string Page { get; }
}
