using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Consultations;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Consultations;

/// <summary>One consultation for the adviser it invites: the question, the request's description (personal data masked),
/// the shared materials read-only, and the opinion form. Any other consultation is not found.</summary>
public sealed class DetailsModel(ConsultationReader reader, RequestCommands commands, Database database, IClock clock, Lang lang) : PageModel, IFormErrors
{
    public sealed record OpinionInput
    {
        /// <summary>Agree | Disagree | Conditional.</summary>
        public string? Position { get; set; }
        public string? Reasoning { get; set; }
        public string? CitedArticles { get; set; }
    }

    public AdviserView View { get; private set; } = null!;
    [BindProperty] public OpinionInput Input { get; set; } = new();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Refused { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public Workflows.Consultations.ConsultationOpinion? Mine => View.Consultation.Opinions.FirstOrDefault(o => o.Participant == View.Participant);

    private async Task<bool> LoadAsync(Guid id)
    {
        var view = await reader.ForAdviserAsync(id, User.AgencyCode(), User.Actor());
        if (view is null)
            return false;
        View = view;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, bool? done)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (done == true)
            Message = lang["意见已提交。", "Your opinion was recorded."];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var errors = new List<FieldError>();
        if (!Enum.TryParse<OpinionPosition>(Input.Position, out var position) || int.TryParse(Input.Position, out _))
            errors.Add(new FieldError("position", "请选择「意见」：同意、不同意或附条件同意。", "Choose the position: agree, disagree or conditional."));
        if (string.IsNullOrWhiteSpace(Input.Reasoning))
            errors.Add(new FieldError("reasoning", "请填写「理由」。", "Reasoning is required."));
        else if (Input.Reasoning.Length > 4000)
            errors.Add(new FieldError("reasoning", "「理由」不能超过4000个字。", "Reasoning must be at most 4000 characters."));
        if (Input.CitedArticles is { Length: > 500 })
            errors.Add(new FieldError("citedArticles", "「引用条款」不能超过500个字。", "Articles cited must be at most 500 characters."));
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        var result = await commands.SendAsync(new RecordOpinion
        {
            RequestId = View.Consultation.RequestId, Actor = User.Actor(), ConsultationId = id, Participant = View.Participant,
            Position = position, Reasoning = Input.Reasoning!.Trim(), CitedArticles = Input.CitedArticles?.Trim(),
            ReceivedOn = ChinaTime.Today(clock), FromPaper = false,
        });
        if (!result.Accepted)
        {
            Refused = true;
            Message = lang[result.Reason ?? "", result.ReasonEn ?? ""];
            return Page();
        }
        return Redirect($"/Consultations/{id}?done=true");
    }

    /// <summary>A shared material, read-only; a file of the request that was not shared is not found.</summary>
    public async Task<IActionResult> OnGetMaterialAsync(Guid id, string attachmentId)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var info = View.Materials.FirstOrDefault(a => a.Id == attachmentId);
        if (info is null)
            return NotFound();
        await using var connection = await database.OpenAsync();
        var content = await Attachments.ContentAsync(connection, attachmentId);
        return File(content!, info.ContentType, info.FileName);
    }
}
