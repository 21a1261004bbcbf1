using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>差评整改: every bad rating (不满意, 非常不满意) is an item for the agency's supervisor, due in the agency's working
/// days (default 15): verify, answer the applicant, record what was changed, close. Exportable as CSV or .xlsx.</summary>
public sealed class RectificationsModel(Database database, ApplicantNotices notices, IClock clock, Lang lang) : PageModel, IFormErrors
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty] public string? Verification { get; set; }
    [BindProperty] public string? Reply { get; set; }
    [BindProperty] public string? Changes { get; set; }

    public SupervisionScope Scope { get; private set; } = null!;
    public IReadOnlyList<Rectification> Items { get; private set; } = [];
    public LocalDate Today { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? ErrorItem { get; private set; }
    public string? SentForm => ErrorItem;
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    private async Task<bool> LoadAsync()
    {
        Scope = await SupervisionScope.ResolveAsync(database, User, Agency);
        if (!Scope.Found)
            return false;
        Today = ChinaTime.Today(clock);
        await using var connection = await database.OpenAsync();
        var codes = Scope.Codes;
        Items = (await ApplicantStore.RectificationsAsync(connection, Scope.AgencyCode)).Where(i => codes.Contains(i.AgencyCode)).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string? closed)
    {
        if (!await LoadAsync())
            return NotFound();
        if (closed is not null)
            Message = lang["整改已办结，答复已告知申请人。", "Closed; the applicant has been answered."];
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(string id)
    {
        if (!await LoadAsync())
            return NotFound();
        if (Items.FirstOrDefault(i => i.Id == id) is not { ClosedOn: null } item)
            return NotFound();
        var errors = new List<FieldError>();
        void Require(string field, string? value, string zh, string en)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
            else if (value.Length > 2000)
                errors.Add(new FieldError(field, $"「{zh}」不能超过2000个字。", $"{en} must be at most 2000 characters."));
        }
        Require("verification", Verification, "核实情况", "Verification");
        Require("reply", Reply, "答复申请人", "Reply to the applicant");
        Require("changes", Changes, "整改措施", "What was changed");
        if (errors.Count > 0)
        {
            Errors = errors;
            ErrorItem = id;
            return Page();
        }
        await using var connection = await database.OpenAsync();
        await ApplicantStore.CloseRectificationAsync(connection, id, Verification!.Trim(), Reply!.Trim(), Changes!.Trim(), Today, User.Actor(),
            Satisfaction.RectifiedOnTime(Today, item.DueOn));
        if (await ApplicantStore.AccessByRequestAsync(connection, item.RequestId) is { } access)
            await notices.SendAsync(access, "关于您评价的整改答复", Reply.Trim());
        return Redirect($"/Supervision/Rectifications?closed=1{(Agency is null ? "" : "&agency=" + Uri.EscapeDataString(Agency))}");
    }

    public async Task<IActionResult> OnGetExportAsync(string format)
    {
        if (!await LoadAsync())
            return NotFound();
        if (format is not ("csv" or "xlsx"))
            return BadRequest(lang["「format」须为 csv 或 xlsx。", "format must be csv or xlsx."]);
        var sheet = new ExportSheet("差评整改",
            ["受理编号", "机关", "评价", "评价意见", "整改开始", "整改期限", "核实情况", "答复申请人", "整改措施", "办结日", "按期"],
            Items.Select(i => (IReadOnlyList<string>)
            [
                i.TrackingNumber, i.AgencyCode, ((RatingLevel)i.Level).ToString(), Persistence.Reporting.SpreadsheetText.Escape(i.Comment), Iso(i.OpenedOn), Iso(i.DueOn), Persistence.Reporting.SpreadsheetText.Escape(i.Verification),
                Persistence.Reporting.SpreadsheetText.Escape(i.ReplyToApplicant), Persistence.Reporting.SpreadsheetText.Escape(i.ChangesMade), i.ClosedOn is { } c ? Iso(c) : "", i.OnTime switch { 1 => "是", 0 => "否", _ => "" },
            ]).ToList());
        var name = $"zhenggai-{Scope.AgencyCode ?? "all"}-{Today:uuuuMMdd}";
        return format == "xlsx"
            ? File(SheetExport.Xlsx(sheet), SheetExport.XlsxType, name + ".xlsx")
            : File(SheetExport.Csv(sheet), SheetExport.CsvType, name + ".csv");
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", null);

}
