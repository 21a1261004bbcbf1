using System.Text;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Requests;

/// <summary>文书: the letters of one request — preview a letter filled from the request, resolve its privacy hits, issue it
/// (numbered, frozen), download it as .docx or print it, record its service; and export the case file of a closed request.
/// Casework only (the folder's policy); another agency's request is not found.</summary>
public sealed class LettersModel(RequestReader reader, LetterDesk desk, CaseFile caseFile, Database database, Lang lang) : PageModel, IFormErrors
{
    public RequestView View { get; private set; } = null!;
    public IReadOnlyList<IssuedLetter> Issued { get; private set; } = [];
    public IReadOnlyList<LetterService> Services { get; private set; } = [];
    [BindProperty] public LetterForm Form { get; set; } = new();
    public LetterDraft? Draft { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    /// <summary>The platform's other agencies, for the referral of a reply 402 (Art. 36(五)).</summary>
    public IReadOnlyList<Persistence.Workplace.Agency> OtherAgencies { get; private set; } = [];
    public string? Message { get; private set; }
    /// <summary>The drafts of this request submitted for review (审核/签发), with their state and comments.</summary>
    public IReadOnlyList<LetterDraftRow> Drafts { get; private set; } = [];
    /// <summary>The service form as sent, kept when it has errors.</summary>
    public (string? LetterId, string? Method, string? ServedOn, string? Evidence) Service { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    /// <summary>The letter whose service form was sent (each issued letter has its own).</summary>
    public string? SentForm => Service.LetterId;

    private async Task<bool> LoadAsync(Guid id)
    {
        var view = await reader.FindAsync(id, User.AgencyCode());
        if (view is null)
            return false;
        View = view;
        await using var connection = await database.OpenAsync();
        Issued = await Letters.ForRequestAsync(connection, id);
        Services = await Letters.ServicesForRequestAsync(connection, id);
        Drafts = await LetterDrafts.ForRequestAsync(connection, id);
        OtherAgencies = (await Persistence.Workplace.Agencies.AllAsync(connection)).Where(a => a.Code != view.Row.AgencyCode).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, string? type, int? outcome, string? consultation, string? replaces, string? issued, string? served,
        string? submitted, string? draft)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (submitted is not null && Drafts.FirstOrDefault(d => d.Id == submitted) is { NextStep: { } step })
            Message = lang[$"已送审，待{step.ChineseName()}；审核通过后编号签发。", $"Submitted for review, waiting for {step.EnglishName()}; it is numbered when approved."];
        // A returned draft is opened again with what it said, for the drafter to change as the reviewer asked.
        if (draft is not null && Drafts.FirstOrDefault(d => d.Id == draft) is { } returned
            && System.Text.Json.JsonSerializer.Deserialize<LetterForm>(returned.Form) is { } again)
        {
            Form = again;
            Draft = await desk.DraftAsync(View, Form);
            return Page();
        }
        if (issued is not null && Issued.FirstOrDefault(l => l.Id == issued) is { } letter)
            Message = lang[$"已签发：{letter.DocumentNumber}。", $"Issued: {letter.DocumentNumber}."];
        if (served is not null)
            Message = lang["已登记送达。", "Service recorded."];
        if (type is not null)
        {
            Form = new LetterForm { Type = type, Outcome = outcome, Consultation = consultation, Replaces = replaces };
            Draft = await desk.DraftAsync(View, Form);
            if (Draft is null)
                Errors = [new FieldError("type", "请选择文书类型；答复书须选择答复类型。", "Choose the letter type; a reply needs its outcome.")];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Draft = await desk.DraftAsync(View, Form);
        Errors = Draft is null ? [new FieldError("type", "请选择文书类型和答复类型。", "Choose the letter type (and the reply's outcome).")] : Draft.Errors;
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var result = await desk.IssueAsync(View, Form, User.Actor());
        if (result.Letter is { } letter)
            return Redirect($"/Requests/Letters/{id}?issued={letter.Id}");
        if (result.Submitted is { } submitted)
            return Redirect($"/Requests/Letters/{id}?submitted={submitted.Id}");
        Draft = await desk.DraftAsync(View, Form);
        Errors = result.Errors;
        return Page();
    }

    public async Task<IActionResult> OnPostServeAsync(Guid id, string letterId, string? method, string? servedOn, string? evidence)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var errors = await desk.RecordServiceAsync(View, letterId, method, servedOn, evidence, User.Actor());
        if (errors.Count > 0)
        {
            (Errors, Service) = (errors, (letterId, method, servedOn, evidence));
            return Page();
        }
        return Redirect($"/Requests/Letters/{id}?served={letterId}");
    }

    public async Task<IActionResult> OnGetDocxAsync(Guid id, string letterId)
    {
        if (!await LoadAsync(id) || Issued.FirstOrDefault(l => l.Id == letterId) is not { } letter)
            return NotFound();
        return File(LetterDocx.Write(letter.Content), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileName(letter, "docx"));
    }

    public async Task<IActionResult> OnGetPrintAsync(Guid id, string letterId)
    {
        if (!await LoadAsync(id) || Issued.FirstOrDefault(l => l.Id == letterId) is not { } letter)
            return NotFound();
        return Content(LetterHtml.Page(letter.Content, $"{letter.DocumentNumber} · SHA-256 {letter.Sha256}"), "text/html; charset=utf-8", Encoding.UTF8);
    }

    public async Task<IActionResult> OnGetCaseFileAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (!View.State.IsClosed)
        {
            Errors = [new FieldError("caseFile", "申请办结后才能导出案卷。", "The case file can be exported once the request is closed.")];
            return Page();
        }
        var zip = await caseFile.ExportAsync(View, User.Actor());
        return File(zip, "application/zip", $"案卷-{View.State.TrackingNumber}.zip");
    }

    public static string FileName(IssuedLetter letter, string extension) =>
        $"{letter.Type.ChineseName()}-{letter.Year}-{letter.Type.NumberAbbreviation()}{letter.Sequence}.{extension}";

    public IEnumerable<(string Slug, string Zh, string En)> LetterTypeOptions =>
        LetterTypes.All.Select(t => (t.Slug(), t.ChineseName(), t.EnglishName()));
}
