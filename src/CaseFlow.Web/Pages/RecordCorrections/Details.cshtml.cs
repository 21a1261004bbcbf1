using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.RecordCorrections;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.RecordCorrections;

/// <summary>One correction request (Art. 41) of the agency: its facts and soft due date, the decision with its letter
/// (corrected / referred / refused), the letter's service, and its audit trail. Another agency's is not found.</summary>
public sealed class DetailsModel(RecordCorrectionDesk desk, Lang lang) : PageModel, IFormErrors
{
    public CorrectionView View { get; private set; } = null!;
    public IReadOnlyList<Agency> OtherAgencies { get; private set; } = [];
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    [BindProperty] public CorrectionDecisionInput Decision { get; set; } = new();
    [BindProperty] public CorrectionServiceInput Service { get; set; } = new();
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public string Today => desk.Today.ToString("uuuu-MM-dd", null);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done)
    {
        if (done is not null)
            Message = done == "decided" ? lang["已作出处理决定并生成答复书。", "Decided; the letter is issued."] : lang["已登记送达，更正申请办结。", "Service recorded; the request is closed."];
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id) =>
        await ActAsync(id, await desk.DecideAsync(User, id, Decision), "decided");

    public async Task<IActionResult> OnPostServeAsync(Guid id) =>
        await ActAsync(id, await desk.ServeAsync(User, id, Service), "served");

    private async Task<IActionResult> ActAsync(Guid id, CorrectionAct? act, string done)
    {
        if (act is null)
            return NotFound();
        if (act.Done)
            return Redirect($"/RecordCorrections/{id}?done={done}");
        Errors = act.Errors;
        await LoadAsync(id);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await desk.FindAsync(id, User.AgencyCode()) is not { } view)
            return false;
        View = view;
        OtherAgencies = await desk.OtherAgenciesAsync(User.AgencyCode());
        return true;
    }
}
