using System.Data.Common;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using System.Text.Json;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>What an import did: how many requests it added, how many open ones it updated, how many rows it found
/// unchanged, under which batch id.</summary>
public sealed record LedgerImported(int Imported, int Updated, int Unchanged, Guid Batch)
{
    /// <summary>The summary line of issue 14: <c>N imported, M updated</c>.</summary>
    public string Summary => $"{Imported} imported, {Updated} updated";
}

/// <summary>How a ledger is imported: the agency of the whole file, whether an unknown agency may be created, who
/// imports and from which file (recorded with the batch).</summary>
public sealed record LedgerImportOptions
{
    public string? AgencyCode { get; init; }
    /// <summary>Creates an agency the file names that is not registered yet (<c>--create-agency</c>); otherwise an
    /// unknown agency refuses the file, so that a typo does not start a second set of books.</summary>
    public bool CreateAgency { get; init; }
    public string ImportedBy { get; init; } = "—";
    public string FileName { get; init; } = "";
}

/// <summary>Imports and exports ledgers (台账) of requests, the agency's spreadsheet register, in the format of
/// <see cref="LedgerFormat"/>. An import is all or nothing: one transaction, and any invalid row refuses the file.
/// Ledgers continue across years: a row naming an imported request that is still open updates it (closes it, or
/// corrects it); a row naming a closed one must state the same facts. Every import is a batch (<see cref="ImportBatches"/>).</summary>
public static class Ledger
{
    public const string SelectWorkflowTrackingNumbers = "SELECT tracking_number FROM requests WHERE agency_code = @AgencyCode";

    public const string SelectStored = """
        SELECT agency_code AS AgencyCode, tracking_number AS TrackingNumber, applicant_type AS ApplicantType, applicant_name AS ApplicantName,
            received_on AS ReceivedOn, closed_on AS ClosedOn, outcome AS Outcome, handler AS Handler, description AS Description,
            source_row AS SourceRow, import_batch AS ImportBatch
        FROM ledger_requests WHERE agency_code = @AgencyCode
        """;

    public const string InsertEntry = """
        INSERT INTO ledger_requests (agency_code, tracking_number, applicant_type, applicant_name, received_on, closed_on, outcome,
            handler, description, source_row, import_batch, imported_at)
        VALUES (@AgencyCode, @TrackingNumber, @ApplicantType, @ApplicantName, @ReceivedOn, @ClosedOn, @Outcome,
            @Handler, @Description, @SourceRow, @ImportBatch, @ImportedAt)
        """;

    public const string UpdateEntry = """
        UPDATE ledger_requests SET applicant_type = @ApplicantType, applicant_name = @ApplicantName, received_on = @ReceivedOn,
            closed_on = @ClosedOn, outcome = @Outcome, handler = @Handler, description = @Description, source_row = @SourceRow
        WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber
        """;

    public const string DeleteEntry = "DELETE FROM ledger_requests WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber";

    public const string SelectAgency = "SELECT COUNT(*) FROM agencies WHERE code = @Code";

    public const string SelectLockedYears = "SELECT year FROM report_locks WHERE agency_code = @AgencyCode";

    // The year's ledger is every request received in it, from the workflow and from earlier imports alike.
    public const string SelectYear = """
        SELECT agency_code AS AgencyCode, tracking_number AS TrackingNumber, applicant_type AS ApplicantType, applicant_name AS ApplicantName,
            received_on AS ReceivedOn, closed_on AS ClosedOn,
            counted_outcome AS Outcome,
            handler AS Handler, description AS Description
        FROM requests
        WHERE received_on >= @YearStart AND received_on <= @YearEnd AND (@AgencyCode IS NULL OR agency_code = @AgencyCode)
        UNION ALL
        SELECT agency_code, tracking_number, applicant_type, applicant_name, received_on, closed_on, outcome, handler, description
        FROM ledger_requests
        WHERE received_on >= @YearStart AND received_on <= @YearEnd AND (@AgencyCode IS NULL OR agency_code = @AgencyCode)
        ORDER BY AgencyCode, ReceivedOn, TrackingNumber
        """;

    /// <summary>Reads, validates and imports a ledger file; throws <see cref="LedgerRefusedException"/> with every problem
    /// and imports nothing when any row is invalid, names a request of the workflow, contradicts a closed request or
    /// would change a locked year.</summary>
    public static Task<LedgerImported> ImportAsync(Database database, string path, string? agencyCode, IClock clock) =>
        ImportAsync(database, path, new LedgerImportOptions { AgencyCode = agencyCode, FileName = Path.GetFileName(path) }, clock);

    public static async Task<LedgerImported> ImportAsync(Database database, string path, LedgerImportOptions options, IClock clock) =>
        await ImportAsync(database, LedgerFiles.ReadOrRefuse(path), options with { FileName = options.FileName.Length > 0 ? options.FileName : Path.GetFileName(path) }, clock);

    public static Task<LedgerImported> ImportAsync(Database database, LedgerSheet sheet, string? agencyCode, IClock clock) =>
        ImportAsync(database, sheet, new LedgerImportOptions { AgencyCode = agencyCode }, clock);

    public static async Task<LedgerImported> ImportAsync(Database database, LedgerSheet sheet, LedgerImportOptions options, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var (entries, errors) = LedgerFormat.Validate(sheet, options.AgencyCode, today);
        if (errors.Count > 0)
            throw new LedgerRefusedException(errors);

        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var problems = new List<string>();
        var inserts = new List<LedgerEntry>();
        var updates = new List<(LedgerEntry Entry, StoredEntry Before)>();
        var unchanged = 0;
        var agencies = entries.Select(e => e.AgencyCode).Distinct().ToList();
        if (options.AgencyCode is { } fileAgency && !agencies.Contains(fileAgency))
            agencies.Insert(0, fileAgency);
        foreach (var agency in agencies)
        {
            if (await connection.ExecuteScalarAsync<long>(SelectAgency, new { Code = agency }, transaction) == 0)
            {
                if (!options.CreateAgency)
                {
                    problems.Add($"第1行 agency_code: 机关 '{agency}' 未登记（拼写有误？新建机关须加 --create-agency） / agency '{agency}' is not registered (a typo? add --create-agency to create it)");
                    continue;
                }
                await Workplace.Agencies.InsertAsync(connection, new Workplace.Agency
                {
                    Code = agency, Name = agency, CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now,
                }, transaction);
            }
            var workflow = (await connection.QueryAsync<string>(SelectWorkflowTrackingNumbers, new { AgencyCode = agency }, transaction)).ToHashSet();
            var stored = (await connection.QueryAsync<StoredEntry>(SelectStored, new { AgencyCode = agency }, transaction)).ToDictionary(e => e.TrackingNumber);
            var locked = (await connection.QueryAsync<long>(SelectLockedYears, new { AgencyCode = agency }, transaction)).Select(y => (int)y).ToHashSet();
            foreach (var entry in entries.Where(e => e.AgencyCode == agency))
            {
                if (workflow.Contains(entry.TrackingNumber))
                {
                    problems.Add($"第{entry.SourceRow}行 tracking_number: '{entry.TrackingNumber}' 已是 CaseFlow 中 {agency} 的申请，不能由台账导入或更新 / of {agency} is already in CaseFlow");
                    continue;
                }
                var before = stored.GetValueOrDefault(entry.TrackingNumber);
                if (before is not null && before.ClosedOn is not null)
                {
                    if (!SameFacts(before.ToEntry(), entry))
                        problems.Add($"第{entry.SourceRow}行 tracking_number: '{entry.TrackingNumber}' 已办结，台账为（{Facts(before.ToEntry())}），本行为（{Facts(entry)}），事实不同，不予导入 / " +
                                     $"is closed in CaseFlow as ({Facts(before.ToEntry())}) and this row says ({Facts(entry)})");
                    else
                        unchanged++;
                    continue;
                }
                if (before is not null && before.ToEntry() == entry with { SourceRow = 0 })
                {
                    unchanged++;
                    continue;
                }
                var changed = AnnualReports.YearsChanged(before?.ToEntry().Fact(), entry.Fact(), today.Year).Where(locked.Contains).ToList();
                if (changed.Count > 0)
                {
                    problems.Add($"第{entry.SourceRow}行 tracking_number: '{entry.TrackingNumber}' 会改变已锁定的{string.Join("、", changed)}年度报告，须先解锁（caseflow report unlock） / " +
                                 $"would change the locked year {string.Join(", ", changed)} of {agency}");
                    continue;
                }
                if (before is null)
                    inserts.Add(entry);
                else
                    updates.Add((entry, before));
            }
        }
        if (problems.Count > 0)
            throw new LedgerRefusedException(problems);

        var batch = Guid.NewGuid();
        var batchId = batch.ToString();
        await connection.ExecuteAsync(InsertEntry, inserts.Select(e => new
        {
            e.AgencyCode, e.TrackingNumber, ApplicantType = (int)e.ApplicantType, e.ApplicantName, e.ReceivedOn, e.ClosedOn,
            Outcome = (int?)e.Outcome, e.Handler, e.Description, e.SourceRow, ImportBatch = batchId, ImportedAt = now,
        }), transaction);
        await connection.ExecuteAsync(UpdateEntry, updates.Select(u => new
        {
            u.Entry.AgencyCode, u.Entry.TrackingNumber, ApplicantType = (int)u.Entry.ApplicantType, u.Entry.ApplicantName, u.Entry.ReceivedOn,
            u.Entry.ClosedOn, Outcome = (int?)u.Entry.Outcome, u.Entry.Handler, u.Entry.Description, u.Entry.SourceRow,
        }), transaction);
        await ImportBatches.RecordAsync(connection, transaction, new ImportBatch
        {
            Id = batchId, AgencyCode = string.Join(",", agencies), Kind = ImportBatches.LedgerKind, FileName = Truncate(options.FileName, 260),
            ImportedAt = now, ImportedBy = Truncate(options.ImportedBy, 200), Imported = inserts.Count, Updated = updates.Count,
        },
            inserts.Select(e => new ImportBatchRow(e.AgencyCode, e.TrackingNumber, ImportBatches.Inserted, null))
                .Concat(updates.Select(u => new ImportBatchRow(u.Entry.AgencyCode, u.Entry.TrackingNumber, ImportBatches.Updated,
                    JsonSerializer.Serialize(StoredJson.From(u.Before), ReportStore.Json)))));
        await transaction.CommitAsync();
        return new LedgerImported(inserts.Count, updates.Count, unchanged, batch);
    }

    /// <summary>The facts the report counts: applicant type, receipt, closing and outcome.</summary>
    public static bool SameFacts(LedgerEntry a, LedgerEntry b) =>
        a.ApplicantType == b.ApplicantType && a.ReceivedOn == b.ReceivedOn && a.ClosedOn == b.ClosedOn && a.Outcome == b.Outcome;

    private static string Facts(LedgerEntry e) =>
        $"{e.ApplicantType.ChineseName()} 收到 {e.ReceivedOn:uuuu-MM-dd}" +
        (e.ClosedOn is { } c ? $" 办结 {c:uuuu-MM-dd} {(e.Outcome is { } o ? $"{(int)o} {o.ChineseName()}" : "")}" : " 未办结");

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    internal static RequestFact Fact(this LedgerEntry e) => new(e.ApplicantType, e.ReceivedOn, e.ClosedOn, e.Outcome);

    /// <summary>A row of <c>ledger_requests</c> as stored.</summary>
    internal sealed class StoredEntry
    {
        public string AgencyCode { get; init; } = "";
        public string TrackingNumber { get; init; } = "";
        public long ApplicantType { get; init; }
        public string? ApplicantName { get; init; }
        public LocalDate ReceivedOn { get; init; }
        public LocalDate? ClosedOn { get; init; }
        public long? Outcome { get; init; }
        public string? Handler { get; init; }
        public string? Description { get; init; }
        public long SourceRow { get; init; }
        public string ImportBatch { get; init; } = "";

        public LedgerEntry ToEntry() => new()
        {
            AgencyCode = AgencyCode, TrackingNumber = TrackingNumber, ApplicantType = (ApplicantType)ApplicantType, ApplicantName = ApplicantName,
            ReceivedOn = ReceivedOn, ClosedOn = ClosedOn, Outcome = Outcome is { } o ? (Outcome)o : null, Handler = Handler, Description = Description,
        };
    }

    /// <summary>An updated row as it was before, kept with the batch so that undo can put it back.</summary>
    internal sealed record StoredJson(int ApplicantType, string? ApplicantName, LocalDate ReceivedOn, LocalDate? ClosedOn, int? Outcome,
        string? Handler, string? Description, int SourceRow)
    {
        public static StoredJson From(StoredEntry e) => new((int)e.ApplicantType, e.ApplicantName, e.ReceivedOn, e.ClosedOn, (int?)e.Outcome,
            e.Handler, e.Description, (int)e.SourceRow);

        public LedgerEntry ToEntry(string agency, string tracking) => new()
        {
            AgencyCode = agency, TrackingNumber = tracking, ApplicantType = (ApplicantType)ApplicantType, ApplicantName = ApplicantName,
            ReceivedOn = ReceivedOn, ClosedOn = ClosedOn, Outcome = Outcome is { } o ? (Outcome)o : null, Handler = Handler, Description = Description,
            SourceRow = SourceRow,
        };
    }

    /// <summary>The requests received in <paramref name="year"/> (one agency, or all), in ledger form.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> ReadYearAsync(DbConnection connection, int year, string? agencyCode)
    {
        var (first, last) = AnnualReports.Bounds(year);
        var rows = await connection.QueryAsync<EntryRow>(SelectYear, new { YearStart = first, YearEnd = last, AgencyCode = agencyCode });
        return rows.Select(r => new LedgerEntry
        {
            AgencyCode = r.AgencyCode, TrackingNumber = r.TrackingNumber, ApplicantType = (ApplicantType)r.ApplicantType, ApplicantName = r.ApplicantName,
            ReceivedOn = r.ReceivedOn, ClosedOn = r.ClosedOn, Outcome = r.Outcome is { } o ? (Outcome)o : null, Handler = r.Handler, Description = r.Description,
        }).ToList();
    }

    /// <summary>Writes the year's ledger to <paramref name="path"/> (.csv or .xlsx) in the import format; returns the row count.</summary>
    public static async Task<int> ExportAsync(Database database, int year, string? agencyCode, string path)
    {
        await using var connection = await database.OpenAsync();
        var entries = await ReadYearAsync(connection, year, agencyCode);
        LedgerFiles.Write(path, LedgerFormat.Header(chinese: true), entries.Select(LedgerFormat.Cells));
        return entries.Count;
    }

    private sealed class EntryRow
    {
        public string AgencyCode { get; init; } = "";
        public string TrackingNumber { get; init; } = "";
        public long ApplicantType { get; init; }
        public string? ApplicantName { get; init; }
        public LocalDate ReceivedOn { get; init; }
        public LocalDate? ClosedOn { get; init; }
        public long? Outcome { get; init; }
        public string? Handler { get; init; }
        public string? Description { get; init; }
    }
}
