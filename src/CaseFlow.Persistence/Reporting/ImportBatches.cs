using System.Data.Common;
using System.Text.Json;
using CaseFlow.Domain.Reporting;
using CaseFlow.Persistence.Workplace;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>One import (a ledger or a challenges file): who imported which file when, how many rows it added and
/// updated, and whether it was undone.</summary>
public sealed record ImportBatch
{
    public required string Id { get; init; }
    /// <summary>The agency, or the agencies separated by commas when the file named several.</summary>
    public required string AgencyCode { get; init; }
    /// <summary><c>ledger</c> or <c>challenges</c>.</summary>
    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public required Instant ImportedAt { get; init; }
    public required string ImportedBy { get; init; }
    public int Imported { get; init; }
    public int Updated { get; init; }
    public Instant? UndoneAt { get; init; }
    public string? UndoneBy { get; init; }
}

/// <summary>A row an import inserted or updated; <see cref="Previous"/> is the row before an update (JSON).</summary>
public sealed record ImportBatchRow(string AgencyCode, string TrackingNumber, string Action, string? Previous);

/// <summary>An undo that cannot be done, in one line (Chinese, then English).</summary>
public sealed class BatchRefusedException(string message) : Exception(message);

/// <summary>Import batches: every ledger or challenges import is one, listed by <c>caseflow ledger batches</c> and undone as
/// a whole by <c>caseflow ledger undo --batch ID</c>. Undo puts every row back as it was before the batch: it is refused
/// when a later batch changed one of its rows (undo that first), or when it would change a locked year (Art. 49).</summary>
public static class ImportBatches
{
    public const string LedgerKind = "ledger";
    public const string ChallengesKind = "challenges";
    public const string Inserted = "inserted";
    public const string Updated = "updated";

    public const string InsertBatch = """
        INSERT INTO import_batches (id, agency_code, kind, file_name, imported_at, imported_by, seq, imported, updated)
        SELECT @Id, @AgencyCode, @Kind, @FileName, @ImportedAt, @ImportedBy, COALESCE(MAX(seq), 0) + 1, @Imported, @Updated FROM import_batches
        """;

    public const string InsertRow = """
        INSERT INTO import_batch_rows (batch_id, agency_code, tracking_number, action, previous)
        VALUES (@BatchId, @AgencyCode, @TrackingNumber, @Action, @Previous)
        """;

    private const string Columns = """
        id AS Id, agency_code AS AgencyCode, kind AS Kind, file_name AS FileName, imported_at AS ImportedAt, imported_by AS ImportedBy,
        imported AS Imported, updated AS Updated, undone_at AS UndoneAt, undone_by AS UndoneBy
        """;

    public const string SelectAll = $"SELECT {Columns} FROM import_batches WHERE (@AgencyCode IS NULL OR agency_code = @AgencyCode) ORDER BY seq";

    public const string SelectOne = $"SELECT {Columns} FROM import_batches WHERE id = @Id";

    public const string SelectRows = """
        SELECT id AS Id, agency_code AS AgencyCode, tracking_number AS TrackingNumber, action AS Action, previous AS Previous
        FROM import_batch_rows WHERE batch_id = @Id ORDER BY id
        """;

    // The rows a later batch of the same kind, not undone, wrote for the same agency: undoing under them would lose them.
    public const string SelectLaterRows = """
        SELECT r.agency_code AS AgencyCode, r.tracking_number AS TrackingNumber, r.batch_id AS BatchId
        FROM import_batch_rows r JOIN import_batches b ON b.id = r.batch_id
        WHERE b.undone_at IS NULL AND b.kind = @Kind AND r.batch_id <> @Id
          AND r.id > (SELECT MIN(id) FROM import_batch_rows WHERE batch_id = @Id)
        """;

    public const string MarkUndone = "UPDATE import_batches SET undone_at = @UndoneAt, undone_by = @UndoneBy WHERE id = @Id AND undone_at IS NULL";

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, ImportBatch batch, IEnumerable<ImportBatchRow> rows)
    {
        await connection.ExecuteAsync(InsertBatch, batch, transaction);
        await connection.ExecuteAsync(InsertRow, rows.Select(r => new { BatchId = batch.Id, r.AgencyCode, r.TrackingNumber, r.Action, r.Previous }), transaction);
    }

    public static async Task<IReadOnlyList<ImportBatch>> ListAsync(Database database, string? agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<ImportBatch>(SelectAll, new { AgencyCode = agencyCode })).ToList();
    }

    /// <summary>Undoes a batch as a whole, in one transaction, and records it in the administration trail.</summary>
    public static async Task<ImportBatch> UndoAsync(Database database, string batchId, string undoneBy, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var batch = await connection.QuerySingleOrDefaultAsync<ImportBatch>(SelectOne, new { Id = batchId }, transaction)
                    ?? throw new BatchRefusedException($"没有批次 {batchId} / no batch {batchId} (caseflow ledger batches lists them)");
        if (batch.UndoneAt is { } undone)
            throw new BatchRefusedException($"批次 {batchId} 已于 {undone} 撤销 / batch {batchId} was already undone at {undone}");
        var rows = (await connection.QueryAsync<RowRecord>(SelectRows, new { Id = batchId }, transaction)).ToList();
        if (rows.Count > 0)
        {
            var mine = rows.Select(r => (r.AgencyCode, r.TrackingNumber)).ToHashSet();
            var later = (await connection.QueryAsync<LaterRow>(SelectLaterRows, new { Id = batchId, batch.Kind }, transaction))
                .FirstOrDefault(r => mine.Contains((r.AgencyCode, r.TrackingNumber)));
            if (later is not null)
                throw new BatchRefusedException($"申请编号 '{later.TrackingNumber}' 已被之后的批次 {later.BatchId} 修改，须先撤销该批次 / " +
                                                $"'{later.TrackingNumber}' was changed by the later batch {later.BatchId}: undo that first");
        }
        if (batch.Kind == LedgerKind)
            await UndoLedgerAsync(connection, transaction, rows, today.Year);
        else
            await Challenges.UndoAsync(connection, transaction, rows.Select(r => new ImportBatchRow(r.AgencyCode, r.TrackingNumber, r.Action, r.Previous)).ToList(), today.Year);
        await connection.ExecuteAsync(MarkUndone, new { Id = batchId, UndoneAt = now, UndoneBy = undoneBy }, transaction);
        await AdminAudit.AppendAsync(connection, new AdminAuditEntry
        {
            OccurredAt = now, Actor = undoneBy, Action = "import-batch-undone", Subject = batch.AgencyCode,
            Details = $"{batch.Kind} batch {batchId} ({batch.FileName}, {batch.Imported} imported, {batch.Updated} updated at {batch.ImportedAt}) undone",
        }, transaction);
        await transaction.CommitAsync();
        return batch with { UndoneAt = now, UndoneBy = undoneBy };
    }

    private static async Task UndoLedgerAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<RowRecord> rows, int throughYear)
    {
        foreach (var agency in rows.Select(r => r.AgencyCode).Distinct())
        {
            var locked = (await connection.QueryAsync<long>(Ledger.SelectLockedYears, new { AgencyCode = agency }, transaction)).Select(y => (int)y).ToHashSet();
            var stored = (await connection.QueryAsync<Ledger.StoredEntry>(Ledger.SelectStored, new { AgencyCode = agency }, transaction)).ToDictionary(e => e.TrackingNumber);
            foreach (var row in rows.Where(r => r.AgencyCode == agency))
            {
                var now = stored.GetValueOrDefault(row.TrackingNumber)?.ToEntry();
                var before = row.Previous is null ? null : JsonSerializer.Deserialize<Ledger.StoredJson>(row.Previous, ReportStore.Json)!.ToEntry(agency, row.TrackingNumber);
                var changed = AnnualReports.YearsChanged(now?.Fact(), before?.Fact(), throughYear).Where(locked.Contains).ToList();
                if (changed.Count > 0)
                    throw new BatchRefusedException($"撤销会改变已锁定的{string.Join("、", changed)}年度报告（{agency}，申请编号 '{row.TrackingNumber}'），须先解锁 / " +
                                                    $"undoing would change the locked year {string.Join(", ", changed)} of {agency} ('{row.TrackingNumber}')");
                if (before is null)
                    await connection.ExecuteAsync(Ledger.DeleteEntry, new { AgencyCode = agency, row.TrackingNumber }, transaction);
                else
                    await connection.ExecuteAsync(Ledger.UpdateEntry, new
                    {
                        AgencyCode = agency, row.TrackingNumber, ApplicantType = (int)before.ApplicantType, before.ApplicantName, before.ReceivedOn,
                        before.ClosedOn, Outcome = (int?)before.Outcome, before.Handler, before.Description, before.SourceRow,
                    }, transaction);
            }
        }
    }

    private sealed class RowRecord
    {
        public long Id { get; init; }
        public string AgencyCode { get; init; } = "";
        public string TrackingNumber { get; init; } = "";
        public string Action { get; init; } = "";
        public string? Previous { get; init; }
    }

    private sealed class LaterRow
    {
        public string AgencyCode { get; init; } = "";
        public string TrackingNumber { get; init; } = "";
        public string BatchId { get; init; } = "";
    }
}
