using System.Globalization;
using CaseFlow.Domain.Requests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>督办: requests due soon, overdue and still open (Art. 33), and replied late — each exportable as CSV and .xlsx —
/// with a reminder to the handlers of the requests chosen, audited request by request.</summary>
public sealed class FollowUpModel(Database database, CalendarCatalog calendars, RequestCommands commands, IClock clock, Lang lang, People people) : PageModel, IFormErrors
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string List { get; set; } = "overdue";
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The page of the list shown (from 1), <see cref="FollowUpLists.PageSize"/> rows a page.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public List<Guid> Selected { get; set; } = [];
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string? NewHandler { get; set; }

    public SupervisionScope Scope { get; private set; } = null!;
    public FollowUpList Kind { get; private set; }
    public LocalDate Today { get; private set; }
    /// <summary>The rows of the page shown (the export: all rows, up to <see cref="FollowUpLists.MaxRows"/> an agency).</summary>
    public IReadOnlyList<(string AgencyCode, RequestListItem Item)> Items { get; private set; } = [];
    /// <summary>How many requests the list holds in the scope shown, all pages.</summary>
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + FollowUpLists.PageSize - 1) / FollowUpLists.PageSize);
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>The refusals that name a field (the message, the new handler), next to it as well as in the summary.</summary>
    public FormErrors Fields { get; } = new();
    public string? ErrorFor(string field) => Fields[field];
    /// <summary>The people a request of the agency shown can be handed to: its caseworkers and supervisors.</summary>
    public IReadOnlyList<UserAccount> Handlers { get; private set; } = [];
    public string? Done { get; private set; }

    private async Task<bool> LoadAsync(bool allRows = false)
    {
        Scope = await SupervisionScope.ResolveAsync(database, User, Agency);
        if (!Scope.Found)
            return false;
        Kind = List.ToLowerInvariant() switch { "duesoon" => FollowUpList.DueSoon, "late" => FollowUpList.RepliedLate, _ => FollowUpList.Overdue };
        Today = ChinaTime.Today(clock);
        var year = Year is >= 2019 and <= 9999 ? Year.Value : Today.Year;
        if (PageNumber < 1)
            PageNumber = 1;
        // Due soon: up to the agency's warning lead (WarningLeadWorkingDays) on its own calendar.
        var parts = Scope.Agencies
            .Select(agency => new FollowUpLists.Part(agency.Code, calendars.ClockFor(agency.CalendarId).After(Today, agency.WarningLeadWorkingDays + 1).DueOn.PlusDays(-1)))
            .ToList();
        await using var connection = await database.OpenAsync();
        if (allRows)
        {
            var items = new List<(string, RequestListItem)>();
            foreach (var part in parts)
                items.AddRange((await FollowUpLists.QueryAsync(connection, database.Dialect.Page, Kind, part.AgencyCode, Today, part.Until,
                    new LocalDate(year, 1, 1), new LocalDate(year, 12, 31))).Select(r => (part.AgencyCode, r)));
            Items = items;
            Total = items.Count;
        }
        else
        {
            // One page: each agency's list counted in its index, only the page's rows read (issue 15 item 3).
            (Items, Total) = await FollowUpLists.PageAsync(connection, database.Dialect.Page, Kind, parts, Today,
                new LocalDate(year, 1, 1), new LocalDate(year, 12, 31), PageNumber);
        }
        // Handing a request to another handler is the agency's own decision: not offered to the platform supervisor.
        if (Scope.AgencyCode is { } code && code == User.AgencyCode())
            Handlers = (await Users.InAgencyAsync(connection, code)).Where(u => !u.Disabled && u.Role is Roles.Caseworker or Roles.Supervisor).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (!await LoadAsync())
            return NotFound();
        if (int.TryParse(done, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            Done = lang[$"已向承办人发送督办提醒 {count} 件。", $"Reminded the handlers of {count} requests."];
        else if (done?.StartsWith("reassigned-", StringComparison.Ordinal) == true)
            Done = lang[$"已改派承办人 {done["reassigned-".Length..]} 件。", $"Reassigned {done["reassigned-".Length..]} requests."];
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string format)
    {
        if (!await LoadAsync(allRows: true))
            return NotFound();
        if (format is not ("csv" or "xlsx"))
            return BadRequest(lang["「format」须为 csv 或 xlsx。", "format must be csv or xlsx."]);
        // The file is read by people: states, applicant types and handlers in Chinese, as on the page (issue 16).
        var zh = Lang.Chinese;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var x in Items)
            rows.Add(
            [
                x.Item.TrackingNumber, x.AgencyCode, Masking.Name(x.Item.ApplicantName, x.Item.ApplicantType == (int)ApplicantType.NaturalPerson),
                zh.ApplicantType((ApplicantType)x.Item.ApplicantType), zh.State(x.Item.State), x.Item.Handler is null ? "" : await people.TextAsync(x.Item.Handler),
                Iso(x.Item.ReceivedOn), Iso(x.Item.ReplyDueOn), Iso(x.Item.ClosedOn),
            ]);
        var sheet = new ExportSheet(KindName(Kind, english: false),
            ["受理编号", "机关", "申请人", "申请人类型", "状态", "承办人", "收到申请之日", "答复期限", "办结日"], rows);
        var name = $"duban-{Kind.ToString().ToLowerInvariant()}-{Scope.AgencyCode ?? "all"}-{Today:uuuuMMdd}";
        return format == "xlsx"
            ? File(SheetExport.Xlsx(sheet), SheetExport.XlsxType, name + ".xlsx")
            : File(SheetExport.Csv(sheet), SheetExport.CsvType, name + ".csv");
    }

    public async Task<IActionResult> OnPostRemindAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        var errors = new List<string>();
        if (Selected.Count == 0)
            errors.Add(lang["请勾选要督办的申请。", "Choose the requests to follow up."]);
        if (string.IsNullOrWhiteSpace(Message))
            errors.Add(lang["请填写「督办意见」。", "The reminder message is required."]);
        else if (Message.Length > 1000)
            errors.Add(lang["「督办意见」不能超过1000个字。", "The reminder message must be at most 1000 characters."]);
        if (errors.Count > 0 && (string.IsNullOrWhiteSpace(Message) || Message.Length > 1000))
            Fields.Add("message", errors[^1]);
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        var reminded = await FollowUpLists.RemindAsync(database, Selected, Scope.Codes, Message!.Trim(), User.Actor(), clock.GetCurrentInstant());
        if (reminded is null)
            return NotFound();
        return Redirect(Url.Page("/Supervision/FollowUp", new { agency = Agency, list = List, year = Year, done = reminded.Count })!);
    }

    /// <summary>Hands the chosen requests to another handler of the agency, one <see cref="ReassignHandler"/> command per
    /// request (each audited by the workflow). Every request is checked first: one of another agency is not found and
    /// nothing is sent.</summary>
    public async Task<IActionResult> OnPostReassignAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        var errors = new List<string>();
        if (Scope.AgencyCode != User.AgencyCode())
            errors.Add(lang["只能改派本机关的申请。", "Only your own agency's requests can be reassigned."]);
        if (Selected.Count == 0)
            errors.Add(lang["请勾选要改派的申请。", "Choose the requests to reassign."]);
        var handler = Handlers.FirstOrDefault(u => u.UserName == NewHandler);
        if (Scope.AgencyCode == User.AgencyCode() && handler is null)
        {
            errors.Add(lang["请选择本机关的「新承办人」。", "Choose the new handler from this agency."]);
            Fields.Add("newHandler", errors[^1]);
        }
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        await using (var connection = await database.OpenAsync())
            foreach (var id in Selected.Distinct())
            {
                if (await SupervisionReads.AgencyOfAsync(connection, id) != Scope.AgencyCode)
                    return NotFound();
            }
        var refused = new List<string>();
        foreach (var id in Selected.Distinct())
        {
            var result = await commands.SendAsync(new ReassignHandler { RequestId = id, Actor = User.Actor(), Handler = handler!.UserName });
            if (!result.Accepted)
                refused.Add(lang[result.Reason ?? "", result.ReasonEn ?? ""]);
        }
        if (refused.Count > 0)
        {
            await LoadAsync();
            Errors = refused.Distinct().Prepend(lang[$"改派 {Selected.Distinct().Count() - refused.Count} 件；以下未改派：", $"Reassigned {Selected.Distinct().Count() - refused.Count}; not reassigned:"]).ToList();
            return Page();
        }
        return Redirect(Url.Page("/Supervision/FollowUp", new { agency = Agency, list = List, year = Year, done = $"reassigned-{Selected.Distinct().Count()}" })!);
    }

    public static string KindName(FollowUpList kind, bool english) => kind switch
    {
        FollowUpList.DueSoon => english ? "Due soon" : "即将到期",
        FollowUpList.Overdue => english ? "Overdue and open" : "已逾期未办结",
        _ => english ? "Replied late" : "逾期答复",
    };

    private static string Iso(LocalDate? date) => date?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
