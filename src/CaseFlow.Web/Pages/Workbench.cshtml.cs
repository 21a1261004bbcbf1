using CaseFlow.Web.Infrastructure;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>工作台: the requests of my agency, most urgent first.</summary>
public sealed class WorkbenchModel(Database database, CalendarCatalog calendars, CaseFlow.Web.Requests.RequestReader reader, Lang lang) : PageModel, IFormErrors
{
    [BindProperty(SupportsGet = true)] public string Scope { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Handler { get; set; }
    [BindProperty(SupportsGet = true)] public int? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public RequestPage Requests { get; private set; } = null!;
    public IReadOnlyList<string> Handlers { get; private set; } = [];
    public Agency? Agency { get; private set; }
    public LocalDate Today { get; private set; }
    public bool SearchTooLong { get; private set; }

    public string? ErrorFor(string field) => field == "search" && SearchTooLong
        ? lang[$"搜索内容不能超过{Workflows.Infrastructure.CommandValidation.MaxNameLength}个字符。", $"A search must be at most {Workflows.Infrastructure.CommandValidation.MaxNameLength} characters."]
        : null;
    private Domain.Deadlines.StatutoryClock _clock = null!;

    public async Task OnGetAsync()
    {
        var agencyCode = User.AgencyCode();
        await using var connection = await database.OpenAsync();
        Agency = await Agencies.FindAsync(connection, agencyCode);
        _clock = calendars.ClockFor(Agency?.CalendarId ?? "cn");
        Today = reader.Today;
        var scope = Enum.TryParse<RequestScope>(Scope, ignoreCase: true, out var s) ? s : RequestScope.Open;
        // Every input is bounded (issue 13): a search longer than any name or tracking number is refused, not searched for
        // (and shown again as typed, issue 16).
        SearchTooLong = Search is { Length: > Workflows.Infrastructure.CommandValidation.MaxNameLength };
        Requests = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter
        {
            AgencyCode = agencyCode, Scope = scope, State = State, Handler = Handler, Channel = Channel, Search = SearchTooLong ? null : Search,
            Today = Today, Page = PageNumber,
        });
        Handlers = await RequestList.HandlersAsync(connection, agencyCode);
    }

    /// <summary>Null when closed, and while the reply clock is stopped (ReplyClockStatus, stored with the row): awaiting
    /// correction (Art. 30), consulting (Art. 33 ¶3), awaiting a fee (Art. 42) — no reply day is running down.</summary>
    public int? WorkingDaysLeft(RequestListItem item) =>
        item.ReplyDueOn is { } due && item.ClosedOn is null && item.ClockRunning ? _clock.WorkingDaysLeft(Today, due) : null;

    /// <summary>The row's next step in short (<see cref="Domain.Deadlines.NextStep"/>), from the row's own columns.</summary>
    public Domain.Deadlines.NextStep? Next(RequestListItem item) =>
        Domain.Deadlines.NextStep.Decide(CaseFlow.Web.Requests.NextSteps.From(item), Today, _clock, Agency?.WarningLeadWorkingDays ?? 5)?.Main;

    /// <summary>Red when overdue, amber within the agency's warning lead (default 5 working days).</summary>
    public string Urgency(RequestListItem item) => WorkingDaysLeft(item) switch
    {
        null => "",
        < 0 => "overdue",
        var left when left <= (Agency?.WarningLeadWorkingDays ?? 5) => "due-soon",
        _ => "",
    };

    public string PageLink(int page) =>
        Url.Page("/Workbench", new { Scope, State, Handler, Channel, Search, p = page })!;
}
