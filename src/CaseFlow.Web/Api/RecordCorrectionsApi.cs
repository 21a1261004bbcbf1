using CaseFlow.Domain.RecordCorrections;
using CaseFlow.Web.RecordCorrections;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.RecordCorrections;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CaseFlow.Web.Api;

/// <summary><c>/api/record-corrections</c>: requests to correct records (Art. 41, issue 17 item 6) of the caller's agency.
/// Caseworkers and supervisors (cookie or API key); JSON; bad input is ProblemDetails naming the field; another agency's
/// correction request is 404.</summary>
public static class RecordCorrectionsApi
{
    public static IEndpointRouteBuilder MapCaseFlowRecordCorrectionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/record-corrections").RequireAuthorization(Policies.Casework).WithTags("RecordCorrections").DisableAntiforgery();
        api.MapGet("/", List).WithName("ListRecordCorrections");
        api.MapPost("/", Register).WithName("RegisterRecordCorrection");
        api.MapGet("/{id:guid}", Get).WithName("GetRecordCorrection");
        api.MapPost("/{id:guid}/decision", Decide).WithName("DecideRecordCorrection");
        api.MapPost("/{id:guid}/service", Serve).WithName("ServeRecordCorrectionLetter");
        return app;
    }

    public sealed record CorrectionSummary(Guid Id, string State, string ApplicantName, LocalDate ReceivedOn, LocalDate DueOn, bool DueProvisional,
        bool Overdue, string? Outcome, LocalDate? DecidedOn, string? DocumentNumber, LocalDate? ServedOn);

    public sealed record CorrectionDetail(Guid Id, string State, string ApplicantName, string ApplicantIdDocument, string ApplicantContact, string Record,
        string Evidence, LocalDate ReceivedOn, LocalDate DueOn, bool DueProvisional, bool Overdue, string? Outcome, string? Change,
        string? CompetentAgencyCode, string? CompetentAgencyName, string? Reasons, LocalDate? DecidedOn, string? LetterId, string? DocumentNumber,
        string? LetterContent, LocalDate? ServedOn, string? ServiceMethod);

    private static bool English(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static ValidationProblem Invalid(HttpContext http, IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => English(http) ? e.En : e.Zh).ToArray()),
            title: English(http) ? "The request has invalid fields." : "提交的信息有误。");

    private static CorrectionSummary Summary(RecordCorrectionState s, bool overdue) =>
        new(s.CorrelationId, s.CurrentState, s.ApplicantName, s.ReceivedOn, s.DueOn, s.DueProvisional, overdue, s.Outcome?.ToString(), s.DecidedOn,
            s.DocumentNumber, s.ServedOn);

    private static CorrectionDetail Detail(CorrectionView v)
    {
        var s = v.State;
        return new(s.CorrelationId, s.CurrentState, s.ApplicantName, Masking.IdDocument(s.ApplicantIdDocument), Masking.Phone(s.ApplicantContact), s.Record,
            s.Evidence, s.ReceivedOn, s.DueOn, s.DueProvisional, v.Overdue, s.Outcome?.ToString(), s.Change, s.CompetentAgencyCode, s.CompetentAgencyName,
            s.Reasons, s.DecidedOn, s.LetterId, s.DocumentNumber, v.Letter?.Content, s.ServedOn, s.ServiceMethod);
    }

    private static async Task<Ok<IReadOnlyList<CorrectionSummary>>> List(HttpContext http, RecordCorrectionDesk desk) =>
        TypedResults.Ok<IReadOnlyList<CorrectionSummary>>((await desk.ListAsync(http.User.AgencyCode())).Select(s => Summary(s, desk.IsOverdue(s))).ToList());

    private static async Task<Results<Ok<CorrectionDetail>, NotFound>> Get(HttpContext http, Guid id, RecordCorrectionDesk desk) =>
        await desk.FindAsync(id, http.User.AgencyCode()) is { } view ? TypedResults.Ok(Detail(view)) : TypedResults.NotFound();

    private static async Task<Results<Created<CorrectionDetail>, ValidationProblem, ProblemHttpResult>> Register(HttpContext http,
        CorrectionApplicationInput input, RecordCorrectionDesk desk)
    {
        // A caller-chosen id makes registration idempotent: a repeat finds the correction request and registers nothing.
        if (input.Id is { } chosen && await desk.FindAsync(chosen, http.User.AgencyCode()) is { } existing)
            return TypedResults.Created($"/api/record-corrections/{chosen}", Detail(existing));
        var (id, act) = await desk.RegisterAsync(http.User, input);
        if (Failed(http, act) is { } failed)
            return failed;
        return TypedResults.Created($"/api/record-corrections/{id}", Detail((await desk.FindAsync(id, http.User.AgencyCode()))!));
    }

    private static async Task<Results<Ok<CorrectionDetail>, ValidationProblem, ProblemHttpResult, NotFound>> Decide(HttpContext http, Guid id,
        CorrectionDecisionInput input, RecordCorrectionDesk desk) =>
        await ActAsync(http, id, await desk.DecideAsync(http.User, id, input), desk);

    private static async Task<Results<Ok<CorrectionDetail>, ValidationProblem, ProblemHttpResult, NotFound>> Serve(HttpContext http, Guid id,
        CorrectionServiceInput input, RecordCorrectionDesk desk) =>
        await ActAsync(http, id, await desk.ServeAsync(http.User, id, input), desk);

    private static async Task<Results<Ok<CorrectionDetail>, ValidationProblem, ProblemHttpResult, NotFound>> ActAsync(HttpContext http, Guid id,
        CorrectionAct? act, RecordCorrectionDesk desk)
    {
        if (act is null)
            return TypedResults.NotFound();
        if (Failed(http, act) is { } failed)
            return failed.Result switch { ValidationProblem v => v, ProblemHttpResult p => p, _ => throw new InvalidOperationException() };
        return TypedResults.Ok(Detail((await desk.FindAsync(id, http.User.AgencyCode()))!));
    }

    /// <summary>Field errors are 400 naming the field; an act the case's state does not allow now is 409.</summary>
    private static Results<Created<CorrectionDetail>, ValidationProblem, ProblemHttpResult>? Failed(HttpContext http, CorrectionAct act)
    {
        if (act.Done)
            return null;
        if (act.Errors.All(e => e.Field == "state"))
        {
            var e = act.Errors.FirstOrDefault();
            return TypedResults.Problem(English(http) ? e?.En : e?.Zh, statusCode: StatusCodes.Status409Conflict, title: English(http) ? "Refused" : "未予办理");
        }
        return Invalid(http, act.Errors);
    }
}
