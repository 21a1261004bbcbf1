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
/// withdraws, confirms receipt of a letter, rates the handling. Never a staff name, an internal note or the audit trail.
/// Where the e-mail account is on, the applicant may instead sign in with their e-mail and a one-time code
/// (<see cref="ApplicantAccount"/>) and open any of their requests from the list.</summary>
[EnableRateLimiting(SecurityExtensions.PublicLimit)]
[RequestSizeLimit(12 * 1024 * 1024)]
public sealed class MyModel(ApplicantDesk desk, ApplicantSettings settings, ApplicantSession session, ApplicantAccount account, ElectronicService service, Database database, Lang lang, IClock clock) : PageModel, IFormErrors
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? AccessCode { get; set; }
    [BindProperty] public string? CorrectedDescription { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    /// <summary>The correction form's token: the key of its files, kept server-side until the correction is submitted or
    /// the form abandoned (issue 16 item 1).</summary>
    [BindProperty] public string? FormToken { get; set; }
    /// <summary>Kept files the applicant took off the correction form.</summary>
    [BindProperty] public List<string> RemoveFiles { get; set; } = [];
    public IReadOnlyList<PendingUpload> Kept { get; private set; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool ConfirmWithdrawal { get; set; }
    [BindProperty] public string? Level { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? LetterId { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? RequestId { get; set; }

    /// <summary>The e-mail sign-in is offered (SMTP channel on, and the installation or an agency turns it on).</summary>
    public bool EmailOffered { get; private set; }
    /// <summary>The address signed in with a one-time code, or null.</summary>
    public string? AccountEmail { get; private set; }
    public IReadOnlyList<ApplicantView> AccountRequests { get; private set; } = [];
    public bool CodeSent { get; private set; }

    /// <summary>Most requests listed for one address.</summary>
    public const int MaxListed = 50;

    public ApplicantView? View { get; private set; }
    public bool MayWithdraw { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public bool MayRevise { get; private set; }

    private async Task<bool> LoadAsync()
    {
        if (session.Current() is not { } id || await desk.AccessAsync(id) is not { } access || await desk.ViewAsync(access) is not { } view)
            return false;
        View = view;
        MayWithdraw = desk.MayWithdraw(view);
        MayRevise = view.Rating is { } r && Satisfaction.MayRevise(r.RatedOn, desk.Today, (await settings.ForAgencyAsync(access.AgencyCode)).RatingRevisionDays);
        return true;
    }

    private async Task LoadAccountAsync()
    {
        EmailOffered = await account.OfferedAsync();
        AccountEmail = EmailOffered ? account.Current() : null;
        if (AccountEmail is null)
            return;
        var views = new List<ApplicantView>();
        foreach (var access in (await account.RequestsAsync(AccountEmail)).Take(MaxListed))
            if (await desk.ViewAsync(access) is { } view)
                views.Add(view);
        AccountRequests = views;
    }

    public async Task OnGetAsync(string? done)
    {
        Response.Headers.CacheControl = "no-store";
        if (!await LoadAsync())
            await LoadAccountAsync();
        else
            AccountEmail = account.Current();
        Message = done switch
        {
            "correction" => lang["补正已提交，机关于今日收到补正后的申请，答复期限自今日重新计算（第三十条）。", "Correction submitted; received today, the reply period restarts (Art. 30)."],
            "withdrawn" => lang["申请已撤回。", "The request is withdrawn."],
            "rated" => lang["感谢您的评价。", "Thank you for your rating."],
            "acknowledged" => lang["已确认收到文书。", "Receipt of the letter confirmed."],
            "signed-in" => lang["已登录。以下是您以该邮箱提交的申请。", "Signed in. These are the requests you filed with this address."],
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
        if (!ApplicantDesk.IsToken(FormToken))
            FormToken = ApplicantDesk.NewToken();
        // Forms never completed: their files go after a day, as the registration form's do.
        await using (var connection = await database.OpenAsync())
            await ApplicantStore.PruneUploadsAsync(connection, clock.GetCurrentInstant() - Pages.Requests.RegisterModel.KeptFilesExpireAfter);
        foreach (var id in RemoveFiles.Take(ApplicantDesk.MaxFilesPerForm))
            await desk.RemoveAsync(FormToken!, id);
        var errors = new List<FieldError>();
        foreach (var file in Files.Take(ApplicantDesk.MaxFilesPerForm))
            if (await desk.KeepAsync(FormToken!, file, "other", "files") is { } fileError)
                errors.Add(fileError);
        if (Files.Count > ApplicantDesk.MaxFilesPerForm)
            errors.Add(new FieldError("files", $"最多上传{ApplicantDesk.MaxFilesPerForm}个文件。", $"At most {ApplicantDesk.MaxFilesPerForm} files."));
        Errors = errors.Count > 0 ? errors : await desk.CorrectAsync(View!, CorrectedDescription, FormToken);
        if (Errors.Count == 0)
            return Redirect("/My?done=correction");
        Kept = await desk.KeptAsync(FormToken!);
        return Page();
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

    /// <summary>Sends a one-time code. The words are the same whether or not the address filed anything.</summary>
    public async Task<IActionResult> OnPostSendCodeAsync()
    {
        await LoadAccountAsync();
        if (!EmailOffered)
            return NotFound();
        if (ApplicantAccount.Normalise(Email) is not { } email)
        {
            Errors = [new FieldError("email", "请填写有效的电子邮箱。", "Enter a valid e-mail address.")];
            return Page();
        }
        if (await account.SendCodeAsync(email) == ApplicantAccount.SendResult.TooSoon)
        {
            Errors = [new FieldError("email", "验证码发送过于频繁，请稍后再试。", "Codes are being sent too often; try again later.")];
            return Page();
        }
        CodeSent = true;
        Message = lang[$"如该邮箱在本平台提交过申请，验证码已发送至该邮箱，{(int)ApplicantAccount.CodeLifetime.TotalMinutes}分钟内有效。",
            $"If this address filed a request here, a code has been sent to it; it is valid for {(int)ApplicantAccount.CodeLifetime.TotalMinutes} minutes."];
        return Page();
    }

    /// <summary>Signs in with the address and its code; a wrong, expired or used code reads alike.</summary>
    public async Task<IActionResult> OnPostVerifyCodeAsync()
    {
        await LoadAccountAsync();
        if (!EmailOffered)
            return NotFound();
        if (ApplicantAccount.Normalise(Email) is { } email && await account.VerifyAsync(email, Code))
            return Redirect("/My?done=signed-in");
        CodeSent = true;
        Errors = [new FieldError("code", "验证码不正确或已失效，请重新获取。", "The code is wrong or no longer valid; ask for a new one.")];
        return Page();
    }

    /// <summary>Opens one of the signed-in address's requests (only one of its own).</summary>
    public async Task<IActionResult> OnPostOpenAsync()
    {
        await LoadAccountAsync();
        if (AccountEmail is null)
            return Redirect("/My");
        if (AccountRequests.FirstOrDefault(v => v.Access.RequestId == RequestId) is not { } view)
            return NotFound();
        session.Start(view.RequestId);
        return Redirect("/My");
    }

    /// <summary>Back from one request to the address's list.</summary>
    public IActionResult OnPostBack()
    {
        session.End();
        return Redirect("/My");
    }

    public IActionResult OnPostLeave()
    {
        session.End();
        account.End();
        return Redirect("/My");
    }
}
