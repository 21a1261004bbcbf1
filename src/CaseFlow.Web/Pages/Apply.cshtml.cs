using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseFlow.Web.Pages;

/// <summary>网上申请 (issue 18): the national sample application form, anonymous and mobile-first. Files are checked as
/// staff uploads are and kept server-side under the form's token, so an error loses nothing; on success the page becomes
/// the printable receipt with the tracking number and the access code (shown this once). Rate-limited per client address
/// (POST) and per agency (the desk).</summary>
[EnableRateLimiting(SecurityExtensions.PublicLimit)]
[RequestSizeLimit(12 * 1024 * 1024)]
public sealed class ApplyModel(ApplicantDesk desk, Lang lang) : PageModel, IFormErrors
{
    [BindProperty] public ApplicationInput Input { get; set; } = new();
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public IFormFile? IdentityProof { get; set; }
    [BindProperty] public List<IFormFile> OtherFiles { get; set; } = [];
    [BindProperty] public List<string> RemoveFiles { get; set; } = [];

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public IReadOnlyList<PendingUpload> Kept { get; private set; } = [];
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public Submitted? Receipt { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public async Task OnGetAsync(string? agency)
    {
        Agencies = await desk.AgenciesAsync();
        Token = ApplicantDesk.NewToken();
        Input.ApplicantType = ApplicationInput.NaturalPerson;
        Input.IdType = ApplicationInput.ResidentIdentityCard;
        Input.FormOfProvision = "Electronic";
        Input.ReceiveBy = "Download";
        Input.ConsentElectronic = true;
        if (agency is not null && Agencies.Any(a => a.Code == agency))
            Input.AgencyCode = agency;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Agencies = await desk.AgenciesAsync();
        if (!ApplicantDesk.IsToken(Token))
            Token = ApplicantDesk.NewToken();
        var errors = new List<FieldError>();
        foreach (var id in RemoveFiles.Take(ApplicantDesk.MaxFilesPerForm))
            await desk.RemoveAsync(Token!, id);
        if (IdentityProof is not null && await desk.KeepAsync(Token!, IdentityProof, "identity-proof", "identityProof") is { } proofError)
            errors.Add(proofError);
        foreach (var file in OtherFiles.Take(ApplicantDesk.MaxFilesPerForm))
            if (await desk.KeepAsync(Token!, file, "other", "otherFiles") is { } fileError)
                errors.Add(fileError);
        if (errors.Count == 0)
        {
            var (submitted, submitErrors) = await desk.SubmitAsync(Input, Token!);
            if (submitted is not null)
            {
                Receipt = submitted;
                // The receipt carries the access code: never cached, never stored by the browser's history cache.
                Response.Headers.CacheControl = "no-store";
                return Page();
            }
            errors.AddRange(submitErrors);
        }
        else if (!Input.IsBot)
            errors.AddRange(Input.Validate(Agencies.Select(a => a.Code).ToHashSet()));
        Errors = errors;
        Kept = await desk.KeptAsync(Token!);
        return Page();
    }
}
