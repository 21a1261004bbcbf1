using System.Security.Claims;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Infrastructure;

namespace CaseFlow.Web.Requests;

/// <summary>Art. 35 for several requests of one applicant, or of one group of applicants asking for similar information
/// (a similar-requests early warning), from the API or an alert: one decision, sent as one command — or one numbered letter
/// that is the act — per request; each request's workflow applies its own rules and keeps its own record.</summary>
public sealed class RequestBatch(RequestReader reader, RequestCommands commands, LetterDesk letters, Database database, IConfiguration configuration)
{
    /// <summary>Actions that may be decided for several requests of one applicant at once.</summary>
    public static readonly string[] Actions = ["reasons-request", "reasonable-period"];

    public sealed record Item(Guid RequestId, string TrackingNumber, bool Accepted, string? Reason, string? ReasonEn)
    {
        /// <summary>The letter issued for this request (<c>asLetters</c>), when issued at once (not held for review).</summary>
        public string? LetterId { get; init; }
        public string? DocumentNumber { get; init; }
    }

    /// <summary>Null when a request is not found in the caller's agency; otherwise the field errors (nothing sent) or the
    /// result per request. <paramref name="asLetters"/>: each request gets its numbered letter, whose issuing is the act
    /// (说明理由通知书 for <c>reasons-request</c>, 延迟答复告知书 for <c>reasonable-period</c>).</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, IReadOnlyList<Item> Results)?> DecideAsync(ActionSpec spec, IReadOnlyCollection<Guid> requestIds,
        ActionInput input, ClaimsPrincipal user, bool asLetters = false)
    {
        var ids = requestIds.Distinct().ToList();
        if (ids.Count is < 1 or > 100)
            return ([new FieldError("requestIds", "请选择1至100件申请。", "Choose 1 to 100 requests.")], []);
        var views = new List<RequestView>();
        foreach (var id in ids)
        {
            if (await reader.FindAsync(id, user.AgencyCode()) is not { } view)
                return null;
            views.Add(view);
        }
        if (views.Select(v => v.State.Applicant.IdDocument.Trim()).Distinct().Count() > 1 && !await OneGroupAsync(ids, user))
            return ([new FieldError("requestIds", "批量处理的申请须为同一申请人提出，或属于同一群体性申请预警（第三十五条）。",
                "A batch holds requests of one applicant, or of one similar-requests early warning (Art. 35).")], []);
        var built = views.Select(v => (View: v, Built: RequestActions.Build(spec, input, v.State.CorrelationId, user.Actor(), reader.Today))).ToList();
        if (built.FirstOrDefault(b => b.Built.Command is null) is { View: not null } invalid)
            return (invalid.Built.Errors, []);
        var results = new List<Item>();
        if (asLetters)
        {
            foreach (var (view, _) in built)
                results.Add(await IssueLetterAsync(spec, view, input, user));
            return ([], results);
        }
        foreach (var (view, (command, _)) in built)
        {
            var result = await RequestActions.SendAsync(commands, command!);
            results.Add(new Item(view.State.CorrelationId, view.State.TrackingNumber, result.Accepted, result.Reason, result.ReasonEn));
        }
        return ([], results);
    }

    /// <summary>Art. 35 for several applicants: only when the requests form one similar-requests group as the early warning
    /// detects it now (<see cref="EarlyWarning.SimilarGroupHolding"/>, the 预警 page's own detection and settings).</summary>
    private async Task<bool> OneGroupAsync(IReadOnlyList<Guid> ids, ClaimsPrincipal user)
    {
        var agency = user.AgencyCode();
        var settings = Pages.Supervision.WarningsModel.Read(configuration, agency);
        await using var connection = await database.OpenAsync();
        var candidates = await Pages.Supervision.WarningsModel.CandidatesAsync(connection, agency, settings, reader.Today);
        return EarlyWarning.SimilarGroupHolding(ids.Select(i => i.ToString()).ToList(), candidates, reader.Today, settings) is not null;
    }

    /// <summary>The request's own numbered letter of the decision, issued through the letters desk (rendered from its facts,
    /// privacy-checked, reviewed when the agency asks): its issuing performs the act.</summary>
    private async Task<Item> IssueLetterAsync(ActionSpec spec, RequestView view, ActionInput input, ClaimsPrincipal user)
    {
        var reasons = (spec.Name == "reasons-request" ? input.Reason : input.Reasons)?.Trim().TrimEnd('。', '.', '；', ';') ?? "";
        var form = spec.Name == "reasons-request"
            ? new LetterForm { Type = LetterType.ReasonsRequest.Slug(), Inputs = { ["input_reasons"] = reasons, [LetterFacts.ReasonsWindowField] = input.DueOn ?? "" } }
            : new LetterForm { Type = LetterType.ReasonablePeriodNotice.Slug(), Inputs = { ["input_reasons"] = reasons, [LetterFacts.ReasonableDueField] = input.DueOn ?? "" } };
        var issued = await letters.IssueAsync(view, form, user.Actor());
        var s = view.State;
        if (issued.Letter is { } letter)
            return new Item(s.CorrelationId, s.TrackingNumber, true, null, null) { LetterId = letter.Id, DocumentNumber = letter.DocumentNumber };
        if (issued.Submitted is not null)
            return new Item(s.CorrelationId, s.TrackingNumber, true, "文书已提交审核，签发时执行。", "The letter was submitted for review; it acts when issued.");
        return new Item(s.CorrelationId, s.TrackingNumber, false, string.Join("；", issued.Errors.Select(e => e.Zh)), string.Join("; ", issued.Errors.Select(e => e.En)));
    }
}
