using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>The agencies the platform hosts, each with its calendar (national, or with a regional overlay) and the
/// warning lead of its workbench.</summary>
public sealed class AgenciesModel(Database database, CaseFlow.Web.Security.AdminTrail trail, CalendarCatalog calendars, IClock clock, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public IReadOnlyList<string> Calendars => calendars.Selectable;
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CalendarId { get; set; }
    [BindProperty] public int WarningLeadWorkingDays { get; set; } = 5;
    public FormErrors Errors { get; } = new();
    public string? ErrorFor(string field) => Errors[field];
    /// <summary>The lead as typed, shown again when it is not a number.</summary>
    public string? WarningLeadText { get; private set; }

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Agencies = await Persistence.Workplace.Agencies.AllAsync(connection);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        var code = Code?.Trim() ?? "";
        if (code.Length is 0 or > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            Errors.Add("code", lang["「机关代码」须为1–64位字母、数字或连字符。", "Code must be 1–64 letters, digits or hyphens."]);
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
            Errors.Add("name", lang["请填写「机关名称」（不超过200字）。", "Name is required (at most 200 characters)."]);
        if (!Calendars.Contains(CalendarId))
            Errors.Add("calendarId", lang["「工作日历」无效。", "Calendar is not available."]);
        if (!ModelState.IsValid || WarningLeadWorkingDays is < 1 or > 20)
        {
            WarningLeadText = Request.Form["WarningLeadWorkingDays"];
            Errors.Add("warningLeadWorkingDays", lang["「预警提前工作日数」须为1–20。", "Warning lead must be 1–20 working days."]);
        }
        if (Errors.Any)
        {
            await OnGetAsync();
            return Page();
        }
        await using var connection = await database.OpenAsync();
        var agency = new Agency { Code = code, Name = Name!.Trim(), CalendarId = CalendarId!, WarningLeadWorkingDays = WarningLeadWorkingDays, CreatedAt = clock.GetCurrentInstant() };
        var details = $"name={agency.Name}; calendar={agency.CalendarId}; warning lead={agency.WarningLeadWorkingDays} working days";
        if (await Persistence.Workplace.Agencies.FindAsync(connection, code) is null)
            await trail.ChangeAsync(AdminActions.AgencyCreated, code, details, (c, t) => Persistence.Workplace.Agencies.InsertAsync(c, agency, t));
        else
            await trail.ChangeAsync(AdminActions.AgencyChanged, code, details, (c, t) => Persistence.Workplace.Agencies.UpdateAsync(c, agency, t));
        return RedirectToPage();
    }
}
