using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Domain.Reporting;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>One challenge of a challenges file, valid.</summary>
public sealed record ChallengeEntry(string TrackingNumber, Challenge Challenge, int SourceRow);

/// <summary>What a challenges import did.</summary>
public sealed record ChallengesImported(int Imported, int Updated, int Unchanged, Guid Batch)
{
    public string Summary => $"{Imported} imported, {Updated} updated";
}

/// <summary>The reconsiderations and lawsuits of table 四 (Art. 50(三)) in bulk: <c>caseflow challenges import</c> and
/// <c>export</c>, and the report page's import. A row is identified by (tracking number, kind, filed on): the same key
/// again updates the result (a pending challenge once decided). The tracking number is a request of the agency, in
/// CaseFlow or in an imported ledger. All or nothing, one batch (<see cref="ImportBatches"/>); a change to a locked year
/// is refused.</summary>
public static class Challenges
{
    public static readonly LedgerColumn TrackingNumber = new("tracking_number", "申请编号", true);
    public static readonly LedgerColumn Kind = new("kind", "类型", true);
    public static readonly LedgerColumn AfterReconsideration = new("after_reconsideration", "复议后起诉", false);
    public static readonly LedgerColumn FiledOn = new("filed_on", "提起日期", true);
    public static readonly LedgerColumn Result = new("result", "结果", true);
    public static readonly LedgerColumn DecidedOn = new("decided_on", "审结日期", false);

    public static IReadOnlyList<LedgerColumn> Columns { get; } = [TrackingNumber, Kind, AfterReconsideration, FiledOn, Result, DecidedOn];

    public const string SelectKnownTrackingNumbers = """
        SELECT tracking_number FROM requests WHERE agency_code = @AgencyCode
        UNION
        SELECT tracking_number FROM ledger_requests WHERE agency_code = @AgencyCode
        """;

    public const string SelectAll = """
        SELECT id AS Id, tracking_number AS TrackingNumber, kind AS Kind, after_reconsideration AS AfterReconsideration, filed_on AS FiledOn,
            result AS Result, decided_on AS DecidedOn
        FROM challenges WHERE agency_code = @AgencyCode
        """;

    public const string SelectOfRequest = """
        SELECT id AS Id, tracking_number AS TrackingNumber, kind AS Kind, after_reconsideration AS AfterReconsideration, filed_on AS FiledOn,
            result AS Result, decided_on AS DecidedOn
        FROM challenges WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber
        ORDER BY filed_on, id
        """;

    public const string UpdateResult = """
        UPDATE challenges SET after_reconsideration = @AfterReconsideration, result = @Result, decided_on = @DecidedOn
        WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber AND kind = @Kind AND filed_on = @FiledOn
        """;

    public const string DeleteOne = """
        DELETE FROM challenges WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber AND kind = @Kind AND filed_on = @FiledOn
        """;

    public static string KindCode(ChallengeKind kind) => kind == ChallengeKind.Reconsideration ? "reconsideration" : "litigation";

    public static string ResultCode(ChallengeResult result) => result.ToString().ToLowerInvariant();

    public static string KindName(ChallengeKind kind) => kind == ChallengeKind.Reconsideration ? "行政复议" : "行政诉讼";

    public static string ResultName(ChallengeResult result) => result switch
    {
        ChallengeResult.Upheld => "维持",
        ChallengeResult.Corrected => "纠正",
        ChallengeResult.Other => "其他",
        _ => "尚未审结",
    };

    public static ChallengeKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "reconsideration" or "行政复议" or "复议" => ChallengeKind.Reconsideration,
        "litigation" or "行政诉讼" or "诉讼" => ChallengeKind.Litigation,
        _ => null,
    };

    public static ChallengeResult? ParseResult(string text) => text.Trim().ToLowerInvariant() switch
    {
        "upheld" or "维持" or "结果维持" => ChallengeResult.Upheld,
        "corrected" or "纠正" or "结果纠正" => ChallengeResult.Corrected,
        "other" or "其他" or "其他结果" => ChallengeResult.Other,
        "pending" or "尚未审结" or "未审结" => ChallengeResult.Pending,
        _ => null,
    };

    private static bool? ParseFlag(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "0" or "false" or "no" or "否" => false,
        "1" or "true" or "yes" or "是" => true,
        _ => null,
    };

    /// <summary>Validates every row; returns the challenges or every problem (<c>第N行 field: problem</c>).</summary>
    public static (IReadOnlyList<ChallengeEntry> Entries, IReadOnlyList<string> Errors) Validate(LedgerSheet sheet, LocalDate today)
    {
        var errors = new List<string>();
        var index = LedgerFormat.IndexHeaders(sheet.Headers, Columns, errors);
        if (errors.Count > 0)
            return ([], errors);

        var entries = new List<ChallengeEntry>();
        var seen = new Dictionary<(string, ChallengeKind, LocalDate), int>();
        foreach (var (rowNumber, cells) in sheet.Rows)
        {
            if (cells.All(string.IsNullOrWhiteSpace))
                continue;
            string? Cell(LedgerColumn column) =>
                index.TryGetValue(column, out var i) && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;
            void Error(LedgerColumn column, string problem) => errors.Add($"第{rowNumber}行 {column.Name}: {problem}");
            var before = errors.Count;

            var tracking = Cell(TrackingNumber);
            if (tracking is null)
                Error(TrackingNumber, "必填 / is required");
            else if (tracking.Length > 32)
                Error(TrackingNumber, "超过32个字符 / is longer than 32 characters");
            var kindText = Cell(Kind);
            var kind = kindText is null ? null : ParseKind(kindText);
            if (kind is null)
                Error(Kind, $"'{kindText}' 须为 行政复议 或 行政诉讼 / must be reconsideration or litigation");
            var after = ParseFlag(Cell(AfterReconsideration));
            if (after is null)
                Error(AfterReconsideration, $"'{Cell(AfterReconsideration)}' 须为 是/否 / must be yes or no (1/0)");
            else if (after == true && kind == ChallengeKind.Reconsideration)
                Error(AfterReconsideration, "只适用于行政诉讼 / applies to litigation only");
            var resultText = Cell(Result);
            var result = resultText is null ? null : ParseResult(resultText);
            if (result is null)
                Error(Result, $"'{resultText}' 须为 维持、纠正、其他 或 尚未审结 / must be upheld, corrected, other or pending");
            var filed = Date(Cell(FiledOn), FiledOn, required: true);
            var decided = Date(Cell(DecidedOn), DecidedOn, required: false);
            if (filed > today)
                Error(FiledOn, $"{filed:uuuu-MM-dd} 晚于今天 / is in the future");
            if (decided > today)
                Error(DecidedOn, $"{decided:uuuu-MM-dd} 晚于今天 / is in the future");
            if (filed is { } f && decided is { } d && d < f)
                Error(DecidedOn, $"{d:uuuu-MM-dd} 早于提起日期 {f:uuuu-MM-dd} / is before filed_on");
            if (result is ChallengeResult.Pending && Cell(DecidedOn) is not null)
                Error(DecidedOn, "尚未审结的不能有审结日期 / a pending challenge has no decision date");
            if (result is not null and not ChallengeResult.Pending && Cell(DecidedOn) is null)
                Error(DecidedOn, "已审结的须填写审结日期 / is required once decided");
            if (tracking is not null && kind is { } k && filed is { } fd && !seen.TryAdd((tracking, k, fd), rowNumber))
                Error(TrackingNumber, $"'{tracking}' {KindName(k)} {fd:uuuu-MM-dd} 已在第{seen[(tracking, k, fd)]}行 / already appears in 第{seen[(tracking, k, fd)]}行");

            if (errors.Count == before)
                entries.Add(new ChallengeEntry(tracking!, new Challenge(kind!.Value, after!.Value, filed!.Value, result!.Value, decided), rowNumber));

            LocalDate? Date(string? text, LedgerColumn column, bool required)
            {
                if (text is null)
                {
                    if (required)
                        Error(column, "必填（YYYY-MM-DD） / is required (YYYY-MM-DD)");
                    return null;
                }
                if (LedgerFormat.ParseDate(text) is { } date)
                    return date;
                Error(column, $"'{text}' 不是日期（YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日） / is not a date");
                return null;
            }
        }
        return (entries, errors);
    }

    public static async Task<ChallengesImported> ImportAsync(Database database, string path, string agencyCode, string importedBy, IClock clock) =>
        await ImportAsync(database, LedgerFiles.ReadOrRefuse(path), agencyCode, importedBy, Path.GetFileName(path), clock);

    /// <summary>Imports a challenges sheet for one agency: new keys inserted, known keys updated, all or nothing.</summary>
    public static async Task<ChallengesImported> ImportAsync(Database database, LedgerSheet sheet, string agencyCode, string importedBy, string fileName, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var (entries, errors) = Validate(sheet, today);
        if (errors.Count > 0)
            throw new LedgerRefusedException(errors);
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var problems = new List<string>();
        if (await connection.ExecuteScalarAsync<long>(Ledger.SelectAgency, new { Code = agencyCode }, transaction) == 0)
            throw new LedgerRefusedException([$"第1行 agency_code: 机关 '{agencyCode}' 未登记 / agency '{agencyCode}' is not registered"]);
        var known = (await connection.QueryAsync<string>(SelectKnownTrackingNumbers, new { AgencyCode = agencyCode }, transaction)).ToHashSet();
        var stored = (await connection.QueryAsync<StoredChallenge>(SelectAll, new { AgencyCode = agencyCode }, transaction))
            .GroupBy(c => (c.TrackingNumber, c.Kind, c.FiledOn)).ToDictionary(g => g.Key, g => g.First());
        var locked = (await connection.QueryAsync<long>(Ledger.SelectLockedYears, new { AgencyCode = agencyCode }, transaction)).Select(y => (int)y).ToHashSet();
        var inserts = new List<ChallengeEntry>();
        var updates = new List<(ChallengeEntry Entry, StoredChallenge Before)>();
        var unchanged = 0;
        foreach (var entry in entries)
        {
            if (!known.Contains(entry.TrackingNumber))
            {
                problems.Add($"第{entry.SourceRow}行 tracking_number: '{entry.TrackingNumber}' 不是 {agencyCode} 的申请（CaseFlow 或台账中均无） / is not a request of {agencyCode} in CaseFlow or its ledgers");
                continue;
            }
            var before = stored.GetValueOrDefault((entry.TrackingNumber, KindCode(entry.Challenge.Kind), entry.Challenge.FiledOn));
            if (before is not null && before.ToChallenge() == entry.Challenge)
            {
                unchanged++;
                continue;
            }
            var changed = AnnualReports.YearsChanged(before?.ToChallenge(), entry.Challenge).Where(locked.Contains).ToList();
            if (changed.Count > 0)
            {
                problems.Add($"第{entry.SourceRow}行 result: 会改变已锁定的{string.Join("、", changed)}年度报告表四，须先解锁 / would change table 四 of the locked year {string.Join(", ", changed)}");
                continue;
            }
            if (before is null)
                inserts.Add(entry);
            else
                updates.Add((entry, before));
        }
        if (problems.Count > 0)
            throw new LedgerRefusedException(problems);

        var batch = Guid.NewGuid();
        var session = new DbSession(connection, transaction, database.Dialect);
        foreach (var entry in inserts)
            await ReportStore.AddChallengeAsync(session, agencyCode, entry.TrackingNumber, entry.Challenge, now);
        await connection.ExecuteAsync(UpdateResult, updates.Select(u => Parameters(agencyCode, u.Entry.TrackingNumber, u.Entry.Challenge)), transaction);
        await ImportBatches.RecordAsync(connection, transaction, new ImportBatch
        {
            Id = batch.ToString(), AgencyCode = agencyCode, Kind = ImportBatches.ChallengesKind, FileName = fileName.Length <= 260 ? fileName : fileName[..260],
            ImportedAt = now, ImportedBy = importedBy, Imported = inserts.Count, Updated = updates.Count,
        },
            inserts.Select(e => new ImportBatchRow(agencyCode, e.TrackingNumber, ImportBatches.Inserted, JsonSerializer.Serialize(new Change(Json.Of(e.Challenge), null), ReportStore.Json)))
                .Concat(updates.Select(u => new ImportBatchRow(agencyCode, u.Entry.TrackingNumber, ImportBatches.Updated,
                    JsonSerializer.Serialize(new Change(Json.Of(u.Entry.Challenge), Json.Of(u.Before.ToChallenge())), ReportStore.Json)))));
        await transaction.CommitAsync();
        return new ChallengesImported(inserts.Count, updates.Count, unchanged, batch);
    }

    /// <summary>Undoes the rows of a challenges batch (called by <see cref="ImportBatches.UndoAsync"/>).</summary>
    internal static async Task UndoAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ImportBatchRow> rows, int throughYear)
    {
        foreach (var agency in rows.Select(r => r.AgencyCode).Distinct())
        {
            var locked = (await connection.QueryAsync<long>(Ledger.SelectLockedYears, new { AgencyCode = agency }, transaction)).Select(y => (int)y).ToHashSet();
            foreach (var row in rows.Where(r => r.AgencyCode == agency))
            {
                var change = JsonSerializer.Deserialize<Change>(row.Previous!, ReportStore.Json)!;
                var now = change.After.ToChallenge();
                var before = change.Before?.ToChallenge();
                var years = AnnualReports.YearsChanged(now, before).Where(locked.Contains).ToList();
                if (years.Count > 0)
                    throw new BatchRefusedException($"撤销会改变已锁定的{string.Join("、", years)}年度报告表四（{agency}） / undoing would change table 四 of the locked year {string.Join(", ", years)} of {agency}");
                if (before is null)
                    await connection.ExecuteAsync(DeleteOne, Parameters(agency, row.TrackingNumber, now), transaction);
                else
                    await connection.ExecuteAsync(UpdateResult, Parameters(agency, row.TrackingNumber, before), transaction);
            }
        }
    }

    /// <summary>The challenges of one request, for the request page (read-only).</summary>
    public static async Task<IReadOnlyList<Challenge>> OfRequestAsync(DbConnection connection, string agencyCode, string trackingNumber) =>
        (await connection.QueryAsync<StoredChallenge>(SelectOfRequest, new { AgencyCode = agencyCode, TrackingNumber = trackingNumber }))
        .Select(c => c.ToChallenge()).ToList();

    /// <summary>The challenges of one request, inside the workflow's transaction (a reopening after a correction, issue 14).</summary>
    public static async Task<IReadOnlyList<Challenge>> OfRequestAsync(DbSession session, string agencyCode, string trackingNumber) =>
        (await session.Connection.QueryAsync<StoredChallenge>(SelectOfRequest, new { AgencyCode = agencyCode, TrackingNumber = trackingNumber }, session.Transaction))
        .Select(c => c.ToChallenge()).ToList();

    /// <summary>Writes the agency's challenges (filed in <paramref name="year"/>, or all) in the import format; returns the count.</summary>
    public static async Task<int> ExportAsync(Database database, string agencyCode, int? year, string path)
    {
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<StoredChallenge>(SelectAll, new { AgencyCode = agencyCode }))
            .Where(c => year is null || c.FiledOn.Year == year)
            .OrderBy(c => c.FiledOn).ThenBy(c => c.TrackingNumber).ThenBy(c => c.Kind).ToList();
        LedgerFiles.Write(path, Columns.Select(c => c.ChineseName).ToList(), rows.Select(c =>
        {
            var challenge = c.ToChallenge();
            return (IReadOnlyList<string>)
            [
                c.TrackingNumber, KindName(challenge.Kind), challenge.AfterReconsideration ? "是" : "否",
                challenge.FiledOn.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), ResultName(challenge.Result),
                challenge.DecidedOn?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ];
        }));
        return rows.Count;
    }

    private static object Parameters(string agency, string tracking, Challenge c) => new
    {
        AgencyCode = agency, TrackingNumber = tracking, Kind = KindCode(c.Kind), AfterReconsideration = c.Kind == ChallengeKind.Litigation && c.AfterReconsideration,
        c.FiledOn, Result = ResultCode(c.Result), c.DecidedOn,
    };

    internal sealed record Change(Json After, Json? Before);

    internal sealed record Json(string Kind, bool AfterReconsideration, LocalDate FiledOn, string Result, LocalDate? DecidedOn)
    {
        public static Json Of(Challenge c) => new(KindCode(c.Kind), c.AfterReconsideration, c.FiledOn, ResultCode(c.Result), c.DecidedOn);

        public Challenge ToChallenge() => new(ParseKind(Kind)!.Value, AfterReconsideration, FiledOn, ParseResult(Result)!.Value, DecidedOn);
    }

    internal sealed class StoredChallenge
    {
        public long Id { get; init; }
        public string TrackingNumber { get; init; } = "";
        public string Kind { get; init; } = "";
        public bool AfterReconsideration { get; init; }
        public LocalDate FiledOn { get; init; }
        public string Result { get; init; } = "";
        public LocalDate? DecidedOn { get; init; }

        public Challenge ToChallenge() => new(ParseKind(Kind)!.Value, AfterReconsideration, FiledOn, ParseResult(Result)!.Value, DecidedOn);
    }
}
