using System.Text;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CaseFlow.Web.Api;

/// <summary>The letters of a request over HTTP, with the same rules as the letters page: casework only, another agency's
/// request is 404, errors are ProblemDetails naming the field.</summary>
public static class LettersApi
{
    public static IEndpointRouteBuilder MapCaseFlowLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests/{id:guid}").RequireAuthorization(Policies.Casework).WithTags("Letters").DisableAntiforgery();
        api.MapGet("/letters", List).WithName("ListLetters");
        api.MapPost("/letters/preview", Preview).WithName("PreviewLetter");
        api.MapPost("/letters", Issue).WithName("IssueLetter");
        api.MapGet("/letters/{letterId}/docx", Docx).WithName("GetLetterDocx");
        api.MapGet("/letters/{letterId}/html", Html).WithName("GetLetterHtml");
        api.MapPost("/letters/{letterId}/services", Serve).WithName("RecordLetterService");
        api.MapGet("/case-file", Export).WithName("ExportCaseFile");
        api.MapPost("/attachments/{attachmentId}/withdrawal", WithdrawAttachment).WithName("WithdrawAttachment");
        var review = app.MapGroup("/api").RequireAuthorization(Policies.Review).WithTags("Reviews").DisableAntiforgery();
        review.MapPost("/requests/{id:guid}/letters/{letterId}/review", Review).WithName("ReviewLetter");
        review.MapGet("/reviews", Reviews).WithName("ListReviews");
        return app;
    }

    public sealed record LetterBody(string? Type, int? Outcome, string? Consultation, Dictionary<string, string>? Inputs, Dictionary<string, string>? Privacy, string? Replaces,
        string? FormToken = null)
    {
        public LetterForm Form() => new()
        {
            Type = Type ?? "", Outcome = Outcome, Consultation = Consultation, Inputs = Inputs ?? [], Privacy = Privacy ?? [], Replaces = Replaces,
            FormToken = FormToken,
        };
    }

    /// <summary>The answer when the draft went to review instead of being issued: <c>{id, status: "awaiting-review"}</c>.</summary>
    public sealed record SubmittedView(string Id, string Status, string NextStep, IReadOnlyList<string> Markings);

    public sealed record ReviewBody(string? Decision, string? Comment, Dictionary<string, bool>? Checklist, Dictionary<string, string>? MarkingReleases);

    public sealed record ReviewView(string Id, string Status, int StepsDone, IReadOnlyList<string> Steps, string? NextStep, LetterView? Letter);

    public sealed record WaitingView(string Id, Guid RequestId, string Type, int? Outcome, string Title, string DraftedBy, Instant SubmittedAt, string NextStep,
        bool NeedsChecklist, IReadOnlyList<string> Markings);

    public sealed record WithdrawalBody(string? Reason);

    public sealed record ServiceBody(string? Method, string? ServedOn, string? Evidence);

    public sealed record ServiceView(string Method, LocalDate ServedOn, string Evidence, string RecordedBy);

    public sealed record LetterView(
        string Id, string DocumentNumber, string Type, int? Outcome, string Title, string Addressee, Instant IssuedAt, string IssuedBy, string Sha256,
        string? ReplacesLetterId, IReadOnlyList<ServiceView> Services);

    public sealed record HitView(string Key, string Kind, string Masked, string Source);

    public sealed record PreviewView(string Type, int? Outcome, string? Content, IReadOnlyList<string> Inputs, IReadOnlyList<string> Missing, IReadOnlyList<HitView> PrivacyHits, IReadOnlyList<string> Unscanned)
    {
        /// <summary>Classification and restriction markings found in the reply documents (保密审查).</summary>
        public IReadOnlyList<string> Markings { get; init; } = [];
    }

    private static bool English(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static ValidationProblem Invalid(HttpContext http, IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => English(http) ? e.En : e.Zh).ToArray()),
            title: English(http) ? "The request has invalid fields." : "提交的信息有误。");

    private static LetterView ViewOf(IssuedLetter l, IEnumerable<LetterService> services) => new(
        l.Id, l.DocumentNumber, l.Type.Slug(), l.Outcome, l.Title, l.Addressee, l.IssuedAt, l.IssuedBy, l.Sha256, l.ReplacesLetterId,
        services.Where(s => s.LetterId == l.Id).Select(s => new ServiceView(s.Method, s.ServedOn, s.Evidence, s.RecordedBy)).ToList());

    private static async Task<Results<Ok<IReadOnlyList<LetterView>>, NotFound>> List(Guid id, HttpContext http, RequestReader reader, Database database)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is null)
            return TypedResults.NotFound();
        await using var connection = await database.OpenAsync();
        var services = await Letters.ServicesForRequestAsync(connection, id);
        IReadOnlyList<LetterView> letters = (await Letters.ForRequestAsync(connection, id)).Select(l => ViewOf(l, services)).ToList();
        return TypedResults.Ok(letters);
    }

    private static async Task<Results<Ok<PreviewView>, NotFound, ValidationProblem>> Preview(Guid id, LetterBody body, HttpContext http, RequestReader reader, LetterDesk desk)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        var draft = await desk.DraftAsync(view, body.Form());
        if (draft is null)
            return Invalid(http, [new FieldError("type", "请选择文书类型（receipt、correction-notice、consultation-letter、extension-notice、fee-notice、reply）；答复书须有答复类型。",
                "type must be receipt, correction-notice, consultation-letter, extension-notice, fee-notice or reply; a reply needs its outcome.")]);
        var form = body.Form();
        return TypedResults.Ok(new PreviewView(draft.Type.Slug(), (int?)draft.Outcome, draft.PreviewFor(form), draft.Template.Inputs.Concat(LetterFacts.ActInputs(draft.Type, draft.Outcome)).ToList(),
            draft.Errors.Select(e => e.Field).ToList(),
            draft.Hits.DistinctBy(h => h.Key).Select(h => new HitView(h.Key, h.Kind.ToString(), h.Masked, h.Source)).ToList(), draft.Unscanned)
        {
            Markings = draft.Markings.Select(m => m.Marking).ToList(),
        });
    }

    private static async Task<Results<Created<LetterView>, Accepted<SubmittedView>, NotFound, ValidationProblem>> Issue(Guid id, LetterBody body, HttpContext http,
        RequestReader reader, LetterDesk desk)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        var result = await desk.IssueAsync(view, body.Form(), http.User.Actor());
        if (result.Letter is { } letter)
            return TypedResults.Created($"/api/requests/{id}/letters/{letter.Id}/docx", ViewOf(letter, []));
        if (result.Submitted is { } draft)
            return TypedResults.Accepted($"/api/requests/{id}/letters/{draft.Id}/review", SubmittedOf(draft));
        return Invalid(http, result.Errors);
    }

    private static SubmittedView SubmittedOf(LetterDraftRow draft) =>
        new(draft.Id, draft.Status, draft.NextStep?.ToString() ?? "", ReviewDesk.Markings(draft).Select(m => $"{m.Source}: {m.Marking}").ToList());

    /// <summary>审核/签发: a reviewer approves or returns a draft; 403 for anyone who may not take the step it waits for.</summary>
    private static async Task<Results<Ok<ReviewView>, NotFound, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> Review(Guid id, string letterId, ReviewBody body,
        HttpContext http, RequestReader reader, ReviewDesk desk, Database database)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        var result = await desk.DecideAsync(view, letterId, new ReviewInput
        {
            Decision = body.Decision, Comment = body.Comment, Checklist = body.Checklist, MarkingReleases = body.MarkingReleases,
        }, http.User.Actor(), http.User.Role());
        if (result.Draft is null)
            return TypedResults.NotFound();
        if (result.Forbidden)
            return TypedResults.Forbid();
        if (result.Errors.Count > 0)
            return result.Errors.All(e => e.Field == "draft")
                ? TypedResults.Problem(English(http) ? result.Errors[0].En : result.Errors[0].Zh, statusCode: StatusCodes.Status409Conflict)
                : Invalid(http, result.Errors);
        var d = result.Draft;
        LetterView? letter = null;
        if (result.Letter is { } issued)
        {
            await using var connection = await database.OpenAsync();
            letter = ViewOf(issued, await Letters.ServicesForRequestAsync(connection, id));
        }
        return TypedResults.Ok(new ReviewView(d.Id, d.Status, d.StepsDone, d.Steps.Select(s => s.ToString()).ToList(), d.NextStep?.ToString(), letter));
    }

    /// <summary>What waits for the caller's review, oldest first.</summary>
    private static async Task<Ok<IReadOnlyList<WaitingView>>> Reviews(HttpContext http, ReviewDesk desk)
    {
        var waiting = await desk.WaitingForAsync(http.User.AgencyCode(), http.User.Actor(), http.User.Role());
        IReadOnlyList<WaitingView> items = waiting.Select(d => new WaitingView(d.Id, Guid.Parse(d.RequestId), d.Type.Slug(), d.Outcome, d.Title, d.DraftedBy,
            d.SubmittedAt, d.NextStep!.Value.ToString(), ReviewDesk.IsLastStep(d) && ReviewPlan.NeedsConfidentialityChecklist(d.Type, (Domain.Replies.Outcome?)d.Outcome),
            ReviewDesk.Markings(d).Select(m => m.Key).ToList())).ToList();
        return TypedResults.Ok(items);
    }

    /// <summary>A wrong attachment is withdrawn (kept, marked, audited) while no issued letter used it.</summary>
    private static async Task<Results<NoContent, NotFound, ValidationProblem>> WithdrawAttachment(Guid id, string attachmentId, WithdrawalBody body, HttpContext http,
        RequestReader reader, Database database, IClock clock)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view || view.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } attachment)
            return TypedResults.NotFound();
        var error = await AttachmentDesk.WithdrawAsync(database, view, attachment, body.Reason, http.User.Actor(), clock.GetCurrentInstant());
        return error is null ? TypedResults.NoContent() : Invalid(http, [error with { Field = "reason" }]);
    }

    private static async Task<IssuedLetter?> FindAsync(Guid id, string letterId, HttpContext http, RequestReader reader, Database database)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is null)
            return null;
        await using var connection = await database.OpenAsync();
        return await Letters.FindAsync(connection, letterId) is { } letter && letter.RequestId == id.ToString() ? letter : null;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Docx(Guid id, string letterId, HttpContext http, RequestReader reader, Database database) =>
        await FindAsync(id, letterId, http, reader, database) is { } letter
            ? TypedResults.File(LetterDocx.Write(letter.Content), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Pages.Requests.LettersModel.FileName(letter, "docx"))
            : TypedResults.NotFound();

    private static async Task<Results<ContentHttpResult, NotFound>> Html(Guid id, string letterId, HttpContext http, RequestReader reader, Database database) =>
        await FindAsync(id, letterId, http, reader, database) is { } letter
            ? TypedResults.Text(LetterHtml.Page(letter.Content, $"{letter.DocumentNumber} · SHA-256 {letter.Sha256}"), "text/html; charset=utf-8", Encoding.UTF8)
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Serve(Guid id, string letterId, ServiceBody body, HttpContext http, RequestReader reader, LetterDesk desk)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        var errors = await desk.RecordServiceAsync(view, letterId, body.Method, body.ServedOn, body.Evidence, http.User.Actor());
        if (errors.Any(e => e.Field == "letter"))
            return TypedResults.NotFound();
        return errors.Count > 0 ? Invalid(http, errors) : TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> Export(Guid id, HttpContext http, RequestReader reader, CaseFile caseFile)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        if (!view.State.IsClosed)
            return TypedResults.Problem(English(http) ? "The case file can be exported once the request is closed." : "申请办结后才能导出案卷。",
                statusCode: StatusCodes.Status409Conflict);
        return TypedResults.File(await caseFile.ExportAsync(view, http.User.Actor()), "application/zip", $"case-file-{view.State.TrackingNumber}.zip");
    }
}
