using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Requests;

/// <summary>One request: its clock drawn and explained, its history, its files, and the actions its state allows.</summary>
public sealed class DetailsModel(RequestReader reader, RequestCommands commands, DisclosureRequestStateMachine machine, Database database,
    IClock clock, Lang lang, IConfiguration configuration, CalendarCatalog calendars) : PageModel, IFormErrors
{
    /// <summary>What the law requires next and by when (<see cref="Domain.Deadlines.NextStep"/>), and a step to take only
    /// if needed (the correction notice while its window is open); null once closed.</summary>
    public (Domain.Deadlines.NextStep Main, Domain.Deadlines.NextStep? IfNeeded)? Next { get; private set; }
    /// <summary>After an action: the letter that goes with it, for a link to the letters page with its type preselected.</summary>
    public Domain.Correspondence.LetterType? LetterAfterAction { get; private set; }

    public RequestView View { get; private set; } = null!;
    public IReadOnlyList<ActionSpec> Actions { get; private set; } = [];
    [BindProperty] public ActionInput Input { get; set; } = new();
    public string? OpenAction { get; private set; }
    /// <summary>Each action has its own form; only the one sent shows its errors.</summary>
    public string? SentForm => OpenAction;
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Refused { get; private set; }
    /// <summary>Letter drafts of the request in review or returned (审核/签发): the page shows how long they wait.</summary>
    public IReadOnlyList<Persistence.Correspondence.LetterDraftRow> Drafts { get; private set; } = [];
    public IReadOnlyList<AttachmentWithdrawal> Withdrawals { get; private set; } = [];
    public string? WithdrawAttachmentId { get; private set; }
    public string? WithdrawReason { get; private set; }

    /// <summary>How long a draft has waited in review, in days and hours; the reply clock runs on meanwhile.</summary>
    public string TimeInReview(Persistence.Correspondence.LetterDraftRow draft)
    {
        var waited = clock.GetCurrentInstant() - draft.SubmittedAt;
        return lang[$"{(int)waited.TotalDays}天{waited.Hours}小时", $"{(int)waited.TotalDays} d {waited.Hours} h"];
    }

    /// <summary>The reconsiderations and lawsuits about this request (table 四), read-only.</summary>
    public IReadOnlyList<CaseFlow.Domain.Reporting.Challenge> Challenges { get; private set; } = [];
    /// <summary>转送 (Art. 36(五)): the request this one forwarded to the competent agency, or the one it was forwarded from.</summary>
    public IReadOnlyList<Persistence.Requests.ReferralLink> Referrals { get; private set; } = [];
    public IReadOnlyDictionary<string, string> AgencyNames { get; private set; } = new Dictionary<string, string>();

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    private async Task<bool> LoadAsync(Guid id)
    {
        var view = await reader.FindAsync(id, User.AgencyCode());
        if (view is null)
            return false;
        View = view;
        Actions = RequestActions.OfferedFor(machine, view.State).Where(a => RequestActions.MayTake(a, User.Role())).ToList();
        await using var connection = await database.OpenAsync();
        Challenges = await CaseFlow.Persistence.Reporting.Challenges.OfRequestAsync(connection, view.Row.AgencyCode, view.Row.TrackingNumber);
        // Issue 14: reopening is offered only for a corrected challenge that has not reopened the request yet.
        Actions = Actions.Where(a => a.Name != "reopen" || Rules.ReopeningChallenges(view.State, Challenges).Count > 0).ToList();
        Drafts = await Persistence.Correspondence.LetterDrafts.ForRequestAsync(connection, id);
        Withdrawals = await AttachmentWithdrawals.ForRequestAsync(connection, view.Row.Id);
        Referrals = await Persistence.Requests.RequestReferrals.ForRequestAsync(connection, id);
        AgencyNames = (await Agencies.AllAsync(connection)).ToDictionary(a => a.Code, a => a.Name);
        var agency = await Agencies.FindAsync(connection, view.Row.AgencyCode);
        Next = Domain.Deadlines.NextStep.Decide(NextSteps.From(view.State, Drafts), view.Today,
            calendars.ClockFor(view.State.CalendarId), agency?.WarningLeadWorkingDays ?? 5);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (RequestActions.Find(done ?? "") is { } action)
        {
            Message = lang[$"已办理：{action.Zh}。", $"Done: {action.En}."];
            LetterAfterAction = NextSteps.LetterAfter(action.Name, View.State);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostActAsync(Guid id, string action)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var spec = RequestActions.Find(action);
        if (spec is null || !Actions.Contains(spec))
        {
            Refused = true;
            Message = lang["申请当前状态下不能进行此操作，或您的角色无权办理。", "This action is not possible in the current state, or not for your role."];
            return Page();
        }
        var (command, errors) = RequestActions.Build(spec, Input, id, User.Actor(), View.Today);
        if (spec.Name == "consultation" && await People.UnknownAdviserAsync(database, User.AgencyCode(), Input.Advisers) is { } adviserError)
            (command, errors) = (null, [.. errors, adviserError]);
        if (command is null)
        {
            (Errors, OpenAction) = (errors, action);
            return Page();
        }
        if (RequestActions.FieldRefusal(command, View.State, View.Today) is { } refusal)
        {
            (Errors, OpenAction) = ([refusal], action);
            return Page();
        }
        var result = await RequestActions.SendAsync(commands, command);
        if (!result.Accepted)
        {
            (Refused, OpenAction) = (true, action);
            Message = lang[result.Reason ?? "", result.ReasonEn ?? ""];
            return Page();
        }
        await ConsultationRecordedAsync(id, command, HttpContext.RequestAborted);
        return Redirect($"/Requests/Details/{id}?done={action}");
    }

    /// <summary>The request records a consultation's start and end when the consultation workflow tells it
    /// (<c>ConsultationStarted</c>, <c>ConsultationEnded</c>), a moment after the command was accepted. The page the action
    /// leads to waits for that record (at most a few seconds, then it shows what is stored), so a consultation just
    /// started comes with its 催办/撤回, and one just withdrawn without them (issue 16).</summary>
    private async Task ConsultationRecordedAsync(Guid id, Contracts.IRequestCommand command, CancellationToken cancellationToken)
    {
        Func<DisclosureRequestState, bool>? recorded = command switch
        {
            StartConsultation c => s => s.Consultations.Any(x => x.Id == c.ConsultationId),
            Workflows.Consultations.WithdrawConsultation c => s => s.Consultations.Any(x => x.Id == c.ConsultationId && x.EndedOn is not null),
            _ => null,
        };
        if (recorded is null)
            return;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(5) && await reader.FindAsync(id, User.AgencyCode()) is { } view && !recorded(view.State))
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, string? kind)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (file is null)
        {
            Errors = [new FieldError("file", "请选择要上传的文件。", "Choose a file to upload.")];
            return Page();
        }
        var maxBytes = configuration.GetValue<long?>("Attachments:MaxBytes") ?? Uploads.DefaultMaxBytes;
        var (info, content, error) = await Uploads.ReadAsync(file, kind ?? "other", id, User.Actor(), clock.GetCurrentInstant(), maxBytes);
        if (error is not null)
        {
            Errors = [error];
            return Page();
        }
        await using var connection = await database.OpenAsync();
        await Attachments.InsertAsync(connection, info!, content!);
        return Redirect($"/Requests/Details/{id}");
    }

    /// <summary>A wrong attachment is withdrawn (kept, marked, audited) while no issued letter has used it.</summary>
    public async Task<IActionResult> OnPostWithdrawAttachmentAsync(Guid id, string attachmentId, string? reason)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (View.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } info)
            return NotFound();
        var error = await Correspondence.AttachmentDesk.WithdrawAsync(database, View, info, reason, User.Actor(), clock.GetCurrentInstant());
        if (error is not null)
        {
            (Errors, WithdrawAttachmentId, WithdrawReason) = ([error], attachmentId, reason);
            return Page();
        }
        return Redirect($"/Requests/Details/{id}");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, string attachmentId)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var info = View.Attachments.FirstOrDefault(a => a.Id == attachmentId);
        if (info is null)
            return NotFound();
        await using var connection = await database.OpenAsync();
        var content = await Attachments.ContentAsync(connection, attachmentId);
        return File(content!, info.ContentType, info.FileName);
    }

    /// <summary>The clock as a strip: one pixel column per calendar day from receipt to the later of the due date and today.</summary>
    public sealed record Strip(LocalDate From, LocalDate To)
    {
        public const double Width = 900, Margin = 20;
        public int Days => Math.Max(1, Period.DaysBetween(From, To));
        public double X(LocalDate date) => Margin + Math.Clamp(Period.DaysBetween(From, date), 0, Days) * (Width - 2 * Margin) / Days;
    }

    public Strip? Timeline()
    {
        var s = View.State;
        if (s.ReceivedOn is not { } from || s.ReplyDueOn is not { } due)
            return null;
        var to = new[] { due, View.Today, s.ClosedOn ?? due }.Max();
        return new Strip(from, to.PlusDays(2));
    }
}
