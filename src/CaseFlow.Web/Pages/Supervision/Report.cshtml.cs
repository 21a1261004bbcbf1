using CaseFlow.Domain.Reporting;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using ChallengeResult = CaseFlow.Domain.Reporting.ChallengeResult;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>政府信息公开工作年度报告 (Art. 49–50): tables 三 and 四 for a year and an agency (or all agencies for the platform
/// supervisor), laid out as the national format, exported as .xlsx and CSV; the year locked once published (a locked
/// year is served from its snapshot, and a difference with the data is shown, never applied silently); the
/// reconsiderations and lawsuits of table 四 recorded against a reply.</summary>
public sealed class ReportModel(Database database, IClock clock, Lang lang) : PageModel, IFormErrors
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }
    [BindProperty] public ChallengeInput Filing { get; set; } = new();

    public SupervisionScope Scope { get; private set; } = null!;
    public int ReportYear { get; private set; }
    public ServedReport Served { get; private set; } = null!;
    public List<string> Errors { get; } = [];
    /// <summary>The refusals that name a field, shown next to it as well as in the summary.</summary>
    public FormErrors Fields { get; } = new();
    public string? ErrorFor(string field) => Fields[field];

    private void Refuse(string field, string message)
    {
        Errors.Add(message);
        Fields.Add(field, message);
    }
    /// <summary>Every problem of a refused import, all shown (not only the first 20).</summary>
    public IReadOnlyList<string> ImportProblems { get; private set; } = [];
    public IReadOnlyList<ImportBatch> Batches { get; private set; } = [];
    public OpeningBalance? Balance { get; private set; }
    [BindProperty] public int?[] CarriedOver { get; set; } = new int?[6];

    /// <summary>Largest import file accepted on the page (a 100,000-row ledger is about 10 MB as CSV).</summary>
    public const long MaxImportBytes = 50L * 1024 * 1024;
    public string? Message { get; private set; }
    /// <summary>What the import form was sent to import, chosen again when it comes back.</summary>
    public string? ImportWhat { get; private set; }

    /// <summary>A reconsideration or lawsuit against a reply, as typed (table 四).</summary>
    public sealed record ChallengeInput
    {
        public string? TrackingNumber { get; set; }
        /// <summary>reconsideration | litigation</summary>
        public string? Kind { get; set; }
        public bool AfterReconsideration { get; set; }
        public string? FiledOn { get; set; }
        /// <summary>upheld | corrected | other | pending</summary>
        public string? Result { get; set; }
        public string? DecidedOn { get; set; }
    }

    private async Task<bool> LoadAsync()
    {
        Scope = await SupervisionScope.ResolveAsync(database, User, Agency);
        if (!Scope.Found)
            return false;
        var today = ChinaTime.Today(clock);
        // Opens on the latest year with data (last year when there is none yet).
        await using (var years = await database.OpenAsync())
            ReportYear = await CaseFlow.Persistence.Reporting.ReportYears.LatestAsync(years, Scope.AgencyCode, today.Year) ?? today.Year - 1;
        if (!string.IsNullOrWhiteSpace(Year))
        {
            if (int.TryParse(Year, out var y) && y >= 2019 && y <= today.Year)
                ReportYear = y;
            else
                Refuse("year", lang[$"「年度」须为2019至{today.Year}之间的年份。", $"Year must be between 2019 and {today.Year}."]);
        }
        Served = await ReportStore.ServeAsync(database, ReportYear, Scope.AgencyCode);
        if (Scope.AgencyCode is { } agency)
        {
            Batches = (await ImportBatches.ListAsync(database, agency)).Reverse().Take(20).ToList();
            await using var connection = await database.OpenAsync();
            Balance = await ReportStore.FindOpeningBalanceAsync(connection, agency);
        }
        return true;
    }

    /// <summary>The import form's token: the key of its file, kept server-side while the import is not done (issue 16
    /// item 1), so that a refused import (the wrong 导入内容 chosen, a row to fix elsewhere) is sent again without choosing
    /// the file again.</summary>
    [BindProperty] public string? ImportToken { get; set; }
    /// <summary>The file kept for the import form, if any.</summary>
    public PendingUpload? KeptImport { get; private set; }
    /// <summary>The kept file was taken off the form.</summary>
    [BindProperty] public bool RemoveKeptImport { get; set; }

    /// <summary>Imports a ledger or a challenges file for the user's own agency, as <c>caseflow ledger import</c> and
    /// <c>caseflow challenges import</c> do: all or nothing, one batch, every problem listed. The file is kept under
    /// <see cref="ImportToken"/> until it is imported (then it is discarded) or the form is abandoned (kept files expire
    /// after <see cref="CaseFlow.Web.Pages.Requests.RegisterModel.KeptFilesExpireAfter"/>, as the registration form's do).</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, string? what)
    {
        ImportWhat = what;
        if (!await LoadAsync())
            return NotFound();
        if (Scope.AgencyCode != User.AgencyCode())
        {
            Errors.Add(lang["只能为本机关导入。", "You can import for your own agency only."]);
            return Page();
        }
        if (!CaseFlow.Web.Applicants.ApplicantDesk.IsToken(ImportToken))
            ImportToken = CaseFlow.Web.Applicants.ApplicantDesk.NewToken();
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        await ApplicantStore.PruneUploadsAsync(connection, now - CaseFlow.Web.Pages.Requests.RegisterModel.KeptFilesExpireAfter);
        if (RemoveKeptImport)
            await ApplicantStore.DeleteUploadsAsync(connection, ImportToken!);
        if (what is not ("ledger" or "challenges"))
            Refuse("what", lang["请选择导入「台账」或「行政复议、行政诉讼」。", "Choose what to import."]);
        if (file is not null && file.Length > 0)
        {
            var chosen = Path.GetFileName(file.FileName);
            if (Path.GetExtension(chosen).ToLowerInvariant() is not (".csv" or ".xlsx"))
                Refuse("file", lang["文件须为 .csv 或 .xlsx。", "The file must be .csv or .xlsx."]);
            else if (file.Length > MaxImportBytes)
                Refuse("file", lang["文件超过50 MB。", "The file is larger than 50 MB."]);
            else
            {
                // A file chosen again replaces the one kept.
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer);
                var bytes = buffer.ToArray();
                await ApplicantStore.DeleteUploadsAsync(connection, ImportToken!);
                await ApplicantStore.InsertUploadAsync(connection, new PendingUpload
                {
                    Id = Guid.NewGuid().ToString(), Token = ImportToken!, Kind = "import", FileName = chosen,
                    ContentType = file.ContentType ?? "application/octet-stream", SizeBytes = bytes.Length,
                    Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), UploadedAt = now,
                }, bytes);
            }
        }
        KeptImport = (await ApplicantStore.UploadsAsync(connection, ImportToken!)).LastOrDefault();
        if (KeptImport is null && Fields["file"] is null)
            Refuse("file", lang["请选择要导入的文件（.csv 或 .xlsx）。", "Choose a file (.csv or .xlsx)."]);
        if (Errors.Count > 0)
            return Page();
        var kept = KeptImport!;
        var extension = Path.GetExtension(kept.FileName).ToLowerInvariant();
        var path = Path.Combine(Path.GetTempPath(), $"caseflow-import-{Guid.NewGuid():N}{extension}");
        try
        {
            await System.IO.File.WriteAllBytesAsync(path, (await ApplicantStore.UploadContentAsync(connection, kept.Id))!);
            int imported, updated;
            if (what == "ledger")
            {
                var ledger = await Ledger.ImportAsync(database, path, new LedgerImportOptions { AgencyCode = Scope.AgencyCode, ImportedBy = User.Actor(), FileName = kept.FileName }, clock);
                (imported, updated) = (ledger.Imported, ledger.Updated);
            }
            else
            {
                var challenges = await Challenges.ImportAsync(database, LedgerFiles.ReadOrRefuse(path), Scope.AgencyCode!, User.Actor(), kept.FileName, clock);
                (imported, updated) = (challenges.Imported, challenges.Updated);
            }
            Message = lang[$"已导入：新增{imported}条，更新{updated}条。", $"Imported: {imported} imported, {updated} updated."];
            // Imported: the form is done, its file goes.
            await ApplicantStore.DeleteUploadsAsync(connection, ImportToken!);
            (KeptImport, ImportToken, ImportWhat) = (null, null, null);
        }
        catch (LedgerRefusedException e)
        {
            ImportProblems = e.Errors;
            Refuse("file", lang[$"共{e.Errors.Count}个问题，未导入任何数据（全部问题见下）。文件「{kept.FileName}」已保留：改正「导入内容」后可直接再次导入，或选择改正后的文件。",
                $"{e.Errors.Count} problem(s); nothing was imported (all listed below). '{kept.FileName}' is kept: change what to import and import again, or choose the corrected file."]);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Undoes an import batch of the user's own agency, as <c>caseflow ledger undo</c>.</summary>
    public async Task<IActionResult> OnPostUndoAsync(string? batch)
    {
        if (!await LoadAsync())
            return NotFound();
        if (Scope.AgencyCode != User.AgencyCode() || Batches.All(b => b.Id != batch))
        {
            Errors.Add(lang["只能撤销本机关的导入批次。", "Only your own agency's batches can be undone."]);
            return Page();
        }
        try
        {
            await ImportBatches.UndoAsync(database, batch!, User.Actor(), clock);
            Message = lang[$"已撤销批次 {batch}。", $"Batch {batch} undone."];
        }
        catch (BatchRefusedException e)
        {
            Errors.Add(e.Message);
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Enters the agency's opening balance (期初结转): its books start in the year shown.</summary>
    public async Task<IActionResult> OnPostOpeningAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        if (Scope.AgencyCode != User.AgencyCode())
        {
            Errors.Add(lang["只能填写本机关的期初结转数。", "Only your own agency's opening balance can be entered."]);
            return Page();
        }
        if (CarriedOver.Length != 6 || CarriedOver.Any(n => n is null or < 0 or > 10_000_000))
        {
            Refuse("carriedOver", lang["「上年结转」六栏均须填写非负整数。", "Each of the six carried-over counts must be a whole number ≥ 0."]);
            return Page();
        }
        try
        {
            await ReportStore.SetOpeningBalanceAsync(database, Scope.AgencyCode!, ReportYear, ColumnCounts.Of(CarriedOver.Select(n => n!.Value).ToArray()), User.Actor(), clock);
            Message = lang[$"已登记期初结转：台账自{ReportYear}年起。", $"Opening balance entered: books start in {ReportYear}."];
        }
        catch (BatchRefusedException e)
        {
            Errors.Add(e.Message);
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (!await LoadAsync())
            return NotFound();
        Message = done switch
        {
            "locked" => lang[$"{ReportYear}年度报告已锁定。", $"The {ReportYear} report is locked."],
            "challenge" => lang["已登记行政复议/行政诉讼。", "Challenge recorded."],
            _ => null,
        };
        return Page();
    }

    /// <summary>导出: .xlsx in the national layout, the same workbook as <c>caseflow report annual --xlsx</c> writes
    /// (<see cref="AnnualReportXlsx"/>: 表三 with its group headers, 表四 as one row of 15 columns); CSV as the flat sheet.
    /// <paramref name="layout"/> is 2021 (default) or 2019 (one 三(六) row).</summary>
    public async Task<IActionResult> OnGetExportAsync(string format, string? layout)
    {
        if (!await LoadAsync())
            return NotFound();
        if (format is not ("csv" or "xlsx"))
            return BadRequest(lang["「format」须为 csv 或 xlsx。", "format must be csv or xlsx."]);
        if (NationalLayout.ParseFormat(layout) is not { } reportFormat)
            return BadRequest(lang["「layout」须为 2021 或 2019。", "layout must be 2021 or 2019."]);
        var name = $"annual-report-{ReportYear}-{Scope.AgencyCode ?? "all"}";
        if (format == "csv")
            return File(SheetExport.Csv(ReportLayout.Sheet(Served.Served)), SheetExport.CsvType, name + ".csv");
        string? agencyName = null;
        if (Scope.AgencyCode is { } code)
        {
            await using var connection = await database.OpenAsync();
            agencyName = (await Persistence.Workplace.Agencies.FindAsync(connection, code))?.Name ?? code;
        }
        using var stream = new MemoryStream();
        AnnualReportXlsx.Write(stream, Served.Served, reportFormat, AnnualReportXlsx.Heading(agencyName, ReportYear));
        return File(stream.ToArray(), AnnualReportXlsx.ContentType, name + ".xlsx");
    }

    /// <summary>The draft annual report document (.docx, national structure 一 to 六), as <c>caseflow report annual --docx</c>
    /// writes it: tables 三 and 四 as served, section 六's fee figures, the narrative sections as headed placeholders.
    /// <paramref name="layout"/> is 2021 (default) or 2019 (one 三(六) row).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(string? layout)
    {
        if (!await LoadAsync())
            return NotFound();
        if (NationalLayout.ParseFormat(layout) is not { } format)
            return BadRequest(lang["「layout」须为 2021 或 2019。", "layout must be 2021 or 2019."]);
        string name = lang["全部机关", "All agencies"];
        if (Scope.AgencyCode is { } code)
        {
            await using var connection = await database.OpenAsync();
            name = (await Persistence.Workplace.Agencies.FindAsync(connection, code))?.Name ?? code;
        }
        var fees = await FeeFigures.ForYearAsync(database, ReportYear, Scope.AgencyCode);
        using var stream = new MemoryStream();
        AnnualReportDocx.Write(stream, Served.Served, format, name, fees);
        return File(stream.ToArray(), AnnualReportDocx.ContentType, $"annual-report-{ReportYear}-{Scope.AgencyCode ?? "all"}.docx");
    }

    public async Task<IActionResult> OnPostLockAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        // Art. 49: each agency publishes (and so locks) its own report.
        if (Scope.AgencyCode != User.AgencyCode())
        {
            Errors.Add(lang["只能锁定本机关的年度报告。", "Only your own agency's report can be locked."]);
            return Page();
        }
        if (Errors.Count > 0)
            return Page();
        var (_, refusal, broken) = await ReportStore.LockAsync(database, Scope.AgencyCode!, ReportYear, User.Actor(), clock);
        if (refusal is LockRefusal.AlreadyLocked)
            Errors.Add(lang[$"{ReportYear}年度报告已于此前锁定，不能再次锁定。", $"The {ReportYear} report is already locked."]);
        else if (refusal is LockRefusal.PreviousYearOpen)
            Errors.Add(lang[$"{ReportYear - 1}年度尚未锁定，年度报告须依次锁定。", $"{ReportYear - 1} is not locked yet: years lock in order."]);
        else if (refusal is LockRefusal.BeforeBooks)
            Errors.Add(lang[$"{ReportYear}年早于本机关的期初结转年度，不能锁定。", $"{ReportYear} is before the agency's opening balance."]);
        else if (refusal is LockRefusal.BreaksTheFormat)
            Errors.Add(lang["报告不符合算术规则，不能锁定：", "The report breaks the format and cannot be locked: "] + string.Join("；", broken));
        if (Errors.Count > 0)
        {
            Served = await ReportStore.ServeAsync(database, ReportYear, Scope.AgencyCode);
            return Page();
        }
        return Redirect(Url.Page("/Supervision/Report", new { agency = Agency, year = ReportYear, done = "locked" })!);
    }

    public async Task<IActionResult> OnPostChallengeAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        if (Scope.AgencyCode != User.AgencyCode())
        {
            Errors.Add(lang["只能登记本机关的行政复议、行政诉讼。", "Only your own agency's challenges can be recorded."]);
            return Page();
        }
        var today = ChinaTime.Today(clock);
        var c = Filing;
        await using var connection = await database.OpenAsync();
        if (string.IsNullOrWhiteSpace(c.TrackingNumber))
            Refuse("trackingNumber", lang["请填写「受理编号」。", "Tracking number is required."]);
        else if (!await SupervisionReads.TrackingNumberExistsAsync(connection, Scope.AgencyCode!, c.TrackingNumber.Trim()))
            Refuse("trackingNumber", lang["「受理编号」不是本机关的申请。", "Tracking number is not a request of this agency."]);
        ChallengeKind? kind = c.Kind switch { "reconsideration" => ChallengeKind.Reconsideration, "litigation" => ChallengeKind.Litigation, _ => null };
        if (kind is null)
            Refuse("kind", lang["请选择「类型」（行政复议或行政诉讼）。", "Choose the kind (reconsideration or litigation)."]);
        ChallengeResult? result = c.Result switch
        {
            "upheld" => ChallengeResult.Upheld, "corrected" => ChallengeResult.Corrected, "other" => ChallengeResult.Other, "pending" => ChallengeResult.Pending, _ => null,
        };
        if (result is null)
            Refuse("result", lang["请选择「结果」。", "Choose the result."]);
        var filed = ParseDate(c.FiledOn, "filedOn", "提起日期", "Filed on", required: true);
        var decided = ParseDate(c.DecidedOn, "decidedOn", "审结日期", "Decided on", required: false);
        if (filed is { } f && f > today)
            Refuse("filedOn", lang["「提起日期」不能晚于今天。", "Filed on cannot be in the future."]);
        if (decided is { } d && (d > today || (filed is { } f2 && d < f2)))
            Refuse("decidedOn", lang["「审结日期」须在提起日期与今天之间。", "Decided on must be between the filing date and today."]);
        if (result is not null and not ChallengeResult.Pending && decided is null && !string.IsNullOrWhiteSpace(c.FiledOn))
            Refuse("decidedOn", lang["已审结的须填写「审结日期」。", "Decided on is required once decided."]);
        if (result is ChallengeResult.Pending && decided is not null)
            Refuse("decidedOn", lang["尚未审结的不能填写「审结日期」。", "A pending challenge has no decision date."]);
        if (Errors.Count > 0)
            return Page();
        await using var transaction = await database.BeginWriteAsync(connection);
        await ReportStore.AddChallengeAsync(new DbSession(connection, transaction, database.Dialect), Scope.AgencyCode!, c.TrackingNumber!.Trim(),
            new Domain.Reporting.Challenge(kind!.Value, kind == ChallengeKind.Litigation && c.AfterReconsideration, filed!.Value, result!.Value, decided),
            clock.GetCurrentInstant());
        await transaction.CommitAsync();
        return Redirect(Url.Page("/Supervision/Report", new { agency = Agency, year = filed!.Value.Year, done = "challenge" })!);

        LocalDate? ParseDate(string? text, string field, string zh, string en, bool required)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required)
                    Refuse(field, lang[$"请填写「{zh}」。", $"{en} is required."]);
                return null;
            }
            var parsed = LocalDatePattern.Iso.Parse(text.Trim());
            if (parsed.Success)
                return parsed.Value;
            Refuse(field, lang[$"「{zh}」不是有效日期。", $"{en} is not a valid date."]);
            return null;
        }
    }
}
