using System.Data.Common;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>What an import did: how many requests, under which batch id.</summary>
public sealed record LedgerImported(int Count, Guid Batch);

/// <summary>Imports and exports ledgers (台账) of requests, the agency's spreadsheet register, in the format of
/// <see cref="LedgerFormat"/>. An import is all or nothing: one transaction, and any invalid row refuses the file.</summary>
public static class Ledger
{
    public const string SelectTrackingNumbers = """
        SELECT tracking_number FROM requests WHERE agency_code = @AgencyCode
        UNION
        SELECT tracking_number FROM ledger_requests WHERE agency_code = @AgencyCode
        """;

    public const string InsertEntry = """
        INSERT INTO ledger_requests (agency_code, tracking_number, applicant_type, applicant_name, received_on, closed_on, outcome,
            handler, description, source_row, import_batch, imported_at)
        VALUES (@AgencyCode, @TrackingNumber, @ApplicantType, @ApplicantName, @ReceivedOn, @ClosedOn, @Outcome,
            @Handler, @Description, @SourceRow, @ImportBatch, @ImportedAt)
        """;

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
    /// and imports nothing when any row is invalid or already known.</summary>
    public static async Task<LedgerImported> ImportAsync(Database database, string path, string? agencyCode, IClock clock)
    {
        LedgerSheet sheet;
        try
        {
            sheet = LedgerFiles.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or CsvHelper.CsvHelperException or IOException or FormatException)
        {
            throw new LedgerRefusedException([$"第1行 file: cannot be read as {(LedgerFiles.IsXlsx(path) ? ".xlsx" : "CSV")} ({e.Message})"]);
        }
        return await ImportAsync(database, sheet, agencyCode, clock);
    }

    public static async Task<LedgerImported> ImportAsync(Database database, LedgerSheet sheet, string? agencyCode, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var (entries, errors) = LedgerFormat.Validate(sheet, agencyCode, today);
        if (errors.Count > 0)
            throw new LedgerRefusedException(errors);

        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var known = new List<string>();
        foreach (var agency in entries.Select(e => e.AgencyCode).Distinct())
        {
            var numbers = (await connection.QueryAsync<string>(SelectTrackingNumbers, new { AgencyCode = agency }, transaction)).ToHashSet();
            known.AddRange(entries.Where(e => e.AgencyCode == agency && numbers.Contains(e.TrackingNumber))
                .Select(e => $"第{e.SourceRow}行 tracking_number: '{e.TrackingNumber}' of {agency} is already in CaseFlow"));
        }
        if (known.Count > 0)
            throw new LedgerRefusedException(known);

        var batch = Guid.NewGuid();
        await connection.ExecuteAsync(InsertEntry, entries.Select(e => new
        {
            e.AgencyCode, e.TrackingNumber, ApplicantType = (int)e.ApplicantType, e.ApplicantName, e.ReceivedOn, e.ClosedOn,
            Outcome = (int?)e.Outcome, e.Handler, e.Description, e.SourceRow, ImportBatch = batch.ToString(), ImportedAt = now,
        }), transaction);
        await transaction.CommitAsync();
        return new LedgerImported(entries.Count, batch);
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
