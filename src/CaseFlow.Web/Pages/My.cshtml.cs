using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Web.Api;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>我的申请: the applicant opens their request with the tracking number and the access code, and sees the plain
/// timeline, the due date (or that the clock is paused), the letters served on them; answers a correction notice,
/// withdraws, confirms receipt of a letter, rates the handling. Never a staff name, an internal note or the audit trail.</summary>
[EnableRateLimiting(SecurityExtensions.PublicLimit)]
[RequestSizeLimit(12 * 1024 * 1024)]
public sealed class MyModel(ApplicantDesk desk, ApplicantSession session, ElectronicService service, Database database, Lang lang, IClock clock) : PageModel, IFormErrors
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? AccessCode { get; set; }
    [BindProperty] public string? CorrectedDescription { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool ConfirmWithdrawal { get; set; }
    [BindProperty] public string? Level { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? LetterId { get; set; }

    public ApplicantView? View { get; private set; }
    public bool MayWithdraw { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public bool MayRevise => View?.Rating is { } r && Satisfaction.MayRevise(r.RatedOn, desk.Today,
        HttpContext.RequestServices.GetRequiredService<ApplicantSettings>().RatingRevisionDays(View.Access.AgencyCode));

    private async Task<bool> LoadAsync()
    {
        if (session.Current() is not { } id || await desk.AccessAsync(id) is not { } access || await desk.ViewAsync(access) is not { } view)
            return false;
        View = view;
        MayWithdraw = desk.MayWithdraw(view);
        return true;
    }

    public async Task OnGetAsync(string? done)
    {
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        Message = done switch
        {
            "correction" => lang["补正已提交，机关于今日收到补正后的申请，答复期限自今日重新计算（第三十条）。", "Correction submitted; received today, the reply period restarts (Art. 30)."],
            "withdrawn" => lang["申请已撤回。", "The request is withdrawn."],
            "rated" => lang["感谢您的评价。", "Thank you for your rating."],
            "acknowledged" => lang["已确认收到文书。", "Receipt of the letter confirmed."],
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var access = await desk.OpenAsync(TrackingNumber, AccessCode);
        if (access is null)
        {
            Errors = [new FieldError("accessCode", "受理编号或查询码不正确。", "The tracking number or access code is not right.")];
            return Page();
        }
        session.Start(Guid.Parse(access.RequestId));
        return Redirect("/My");
    }

    public async Task<IActionResult> OnPostCorrectionAsync()
    {
        if (!await LoadAsync())
            return Redirect("/My");
        Errors = await desk.CorrectAsync(View!, CorrectedDescription, Files);
        return Errors.Count == 0 ? Redirect("/My?done=correction") : Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        if (!await LoadAsync())
            return Redirect("/My");
        Errors = ConfirmWithdrawal
            ? await desk.WithdrawAsync(View!, Reason)
            : [new FieldError("confirmWithdrawal", "请勾选确认撤回申请。", "Tick to confirm the withdrawal.")];
        return Errors.Count == 0 ? Redirect("/My?done=withdrawn") : Page();
    }

    public async Task<IActionResult> OnPostRateAsync()
    {
        if (!await LoadAsync())
            return Redirect("/My");
        Errors = await desk.RateAsync(View!, Level, Comment);
        return Errors.Count == 0 ? Redirect("/My?done=rated") : Page();
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync()
    {
        if (!await LoadAsync())
            return Redirect("/My");
        if (View!.Letters.FirstOrDefault(l => l.Id == LetterId) is not { Online: true })
            return NotFound();
        await using var connection = await database.OpenAsync();
        await ApplicantStore.MarkAcknowledgedAsync(connection, LetterId!, clock.GetCurrentInstant());
        return Redirect("/My?done=acknowledged");
    }

    public async Task<IActionResult> OnGetLetterAsync(string id)
    {
        if (!await LoadAsync())
            return Redirect("/My");
        if (View!.Letters.FirstOrDefault(l => l.Id == id) is not { } letter)
            return NotFound();
        return File(await PublicApi.LetterFileAsync(View, id, service, database), LetterFile.DocxType, $"{letter.DocumentNumber}.docx");
    }

    public IActionResult OnPostLeave()
    {
        session.End();
        return Redirect("/My");
    }
}
