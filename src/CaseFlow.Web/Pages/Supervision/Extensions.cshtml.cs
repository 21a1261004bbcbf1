using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
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

/// <summary>延期审批 (Art. 33 ¶2): the requested extensions with their reasons, the current reply due date and the due date if
/// approved; the head of the office approves (at most 20 working days, and no more than asked) or refuses. The decision
/// goes to the workflow as <see cref="DecideExtension"/>, which audits it.</summary>
public sealed class ExtensionsModel(Database database, CalendarCatalog calendars, RequestCommands commands, IClock clock, Lang lang) : PageModel, IFormErrors
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty] public int? Days { get; set; }
    [BindProperty] public string? Decision { get; set; }

    public SupervisionScope Scope { get; private set; } = null!;
    public LocalDate Today { get; private set; }
    public IReadOnlyList<Pending> Queue { get; private set; } = [];
    /// <summary>The request whose decision was refused, its message (shown next to the days) and the days as typed.</summary>
    public string? SentForm { get; private set; }
    public string? Error { get; private set; }
    public string? DaysText { get; private set; }
    public string? ErrorFor(string field) => field == "days" ? Error : null;
    public string? Done { get; private set; }
    /// <summary>The request whose extension was just approved: its notice to the applicant (Art. 33 ¶2) is linked on the
    /// letters page with the extension notice preselected.</summary>
    public Guid? NoticeFor { get; private set; }

    /// <summary>A request awaiting the decision, with its due date now and as it would be if the days asked were approved.</summary>
    public sealed record Pending(Guid Id, string AgencyCode, DisclosureRequestState State, Extension Extension, LocalDate? DueIfApproved);

    private async Task<bool> LoadAsync()
    {
        Scope = await SupervisionScope.ResolveAsync(database, User, Agency);
        if (!Scope.Found)
            return false;
        Today = ChinaTime.Today(clock);
        await using var connection = await database.OpenAsync();
        var rows = await SupervisionReads.AwaitingExtensionAsync(connection, Scope.AgencyCode);
        Queue = rows.Where(r => Scope.Codes.Contains(r.AgencyCode)).Select(r =>
        {
            var state = SagaJson.Deserialize(r.Data);
            var extension = state.Extension!;
            LocalDate? dueIfApproved = state.ReceivedOn is null
                ? null
                : calendars.ClockFor(state.CalendarId).ReplyDue(state.ClockEvents() with { ExtensionWorkingDays = Math.Min(extension.RequestedDays, StatutoryPeriods.MaxExtensionWorkingDays) }).DueOn;
            return new Pending(Guid.Parse(r.Id), r.AgencyCode, state, extension, dueIfApproved);
        }).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string? done, Guid? request)
    {
        if (!await LoadAsync())
            return NotFound();
        NoticeFor = done == "approved" ? request : null;
        Done = done switch
        {
            "approved" => lang["已批准延期。须书面告知申请人延长的期限和理由（第三十三条第二款）：", "Extension approved. The applicant must be told in writing of the new due date and the reason (Art. 33 ¶2):"],
            "refused" => lang["已不批准延期。", "Extension refused."],
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id)
    {
        if (!await LoadAsync())
            return NotFound();
        // Art. 33 ¶2: the head of the agency's own OGI office decides; the platform supervisor only sees the queue.
        var pending = Queue.FirstOrDefault(p => p.Id == id);
        if (pending is null || pending.AgencyCode != User.AgencyCode())
            return NotFound();
        var approve = Decision == "approve";
        if (Decision is not ("approve" or "refuse"))
            return Fail(lang["请选择「批准」或「不批准」。", "Choose approve or refuse."]);
        var max = Math.Min(pending.Extension.RequestedDays, StatutoryPeriods.MaxExtensionWorkingDays);
        if (approve && (Days is null || Days < 1 || Days > max))
            return Fail(lang[$"「批准延长的工作日」须为1至{max}（第三十三条第二款：延长期限最长不得超过20个工作日，且不超过申请的天数）。",
                $"Days approved must be 1 to {max} (Art. 33 ¶2: at most 20 working days, and no more than asked)."]);
        var result = await commands.SendAsync(new DecideExtension
        {
            RequestId = id, Actor = User.Actor(), Approved = approve, Days = approve ? Days!.Value : 0, DecidedOn = Today,
        });
        if (!result.Accepted)
            return Fail(lang[result.Reason ?? "", result.ReasonEn ?? ""]);
        return Redirect(Url.Page("/Supervision/Extensions", new { agency = Agency, done = approve ? "approved" : "refused", request = approve ? id : (Guid?)null })!);

        IActionResult Fail(string message)
        {
            (SentForm, Error, DaysText) = (id.ToString(), message, Request.Form["Days"]);
            return Page();
        }
    }
}
