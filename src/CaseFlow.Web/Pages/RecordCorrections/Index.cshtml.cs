using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.RecordCorrections;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.RecordCorrections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.RecordCorrections;

/// <summary>更正申请 (Art. 41): the agency's requests to correct records, open ones first with their soft due date, and the
/// form to register one. Caseworkers and supervisors of the agency.</summary>
public sealed class IndexModel(RecordCorrectionDesk desk, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<RecordCorrectionState> Items { get; private set; } = [];
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    [BindProperty] public CorrectionApplicationInput Input { get; set; } = new();

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public bool Overdue(RecordCorrectionState s) => desk.IsOverdue(s);

    public async Task OnGetAsync()
    {
        Input = new CorrectionApplicationInput { ReceivedOn = desk.Today.ToString("uuuu-MM-dd", null) };
        Items = await desk.ListAsync(User.AgencyCode());
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (id, act) = await desk.RegisterAsync(User, Input);
        if (act.Done)
            return Redirect($"/RecordCorrections/{id}");
        Errors = act.Errors;
        Items = await desk.ListAsync(User.AgencyCode());
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
