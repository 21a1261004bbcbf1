using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Consultations;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CaseFlow.Web.Api;

/// <summary>The HTTP API for integrators (an online application portal, a government service platform) and scripts:
/// JSON, ProblemDetails errors, the same authorisation as the pages (cookie, or an API key scoped to an agency).</summary>
public static class RequestsApi
{
    public static IServiceCollection AddCaseFlowApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new NormalisingStringConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapCaseFlowApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api/requests").RequireAuthorization(Policies.Casework).WithTags("Requests").DisableAntiforgery();
        api.MapGet("/", List).WithName("ListRequests");
        api.MapPost("/", Register).WithName("RegisterRequest").WithMetadata(new IdempotentWrite());
        api.MapGet("/{id:guid}", Get).WithName("GetRequest");
        api.MapPost("/{id:guid}/{action}", Act).WithName("RequestAction").WithMetadata(new IdempotentWrite());
        api.MapPost("/batch/{action}", Batch).WithName("RequestBatchAction").WithMetadata(new IdempotentWrite());
        api.MapPost("/{id:guid}/attachments", Upload).WithName("UploadAttachment");
        api.MapGet("/{id:guid}/attachments/{attachmentId}", Attachment).WithName("GetAttachment");
        return app;
    }

    private static bool English(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static ValidationProblem Invalid(HttpContext http, IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => English(http) ? e.En : e.Zh).ToArray()),
            title: English(http) ? "The request has invalid fields." : "提交的信息有误。");

    public sealed record ListResponse(IReadOnlyList<ListItem> Items, long Total, int Page, int PageSize);

    public sealed record ListItem(Guid Id, string TrackingNumber, string State, string ApplicantName, string ApplicantType, string Channel,
        string? Handler, LocalDate? ReceivedOn, LocalDate? ReplyDueOn, bool Provisional, bool Overdue, int? Outcome, LocalDate? ClosedOn,
        bool ClockRunning, LocalDate? StoppedSince);

    private static async Task<Results<Ok<ListResponse>, ValidationProblem>> List(HttpContext http, Database database, RequestReader reader,
        string? scope, string? state, string? handler, string? channel, string? search, int page = 1, int pageSize = 50)
    {
        var errors = new List<FieldError>();
        var parsedScope = RequestScope.Open;
        if (scope is not null && (!Enum.TryParse(scope, ignoreCase: true, out parsedScope) || int.TryParse(scope, out _)))
            errors.Add(new FieldError("scope", "「范围」须为 open、overdue、closed 或 all。", "scope must be open, overdue, closed or all."));
        int? channelCode = null;
        if (channel is not null)
        {
            if (Enum.TryParse<Domain.Requests.Channel>(channel, out var c) && !int.TryParse(channel, out _))
                channelCode = (int)c;
            else
                errors.Add(new FieldError("channel", "「申请渠道」无效。", "channel is not a channel."));
        }
        if (page is < 1 or > RequestFilter.MaxPage)
            errors.Add(new FieldError("page", $"「页码」须为1–{RequestFilter.MaxPage}。", $"page must be 1–{RequestFilter.MaxPage}."));
        // Every input is bounded: a filter longer than any name, state or tracking number is refused, not searched for.
        foreach (var (field, value, zh) in new[] { ("search", search, "搜索"), ("state", state, "状态"), ("handler", handler, "承办人") })
            if (value is { Length: > CommandValidation.MaxNameLength })
                errors.Add(new FieldError(field, $"「{zh}」不能超过{CommandValidation.MaxNameLength}个字符。", $"{field} must be at most {CommandValidation.MaxNameLength} characters."));
        if (pageSize is < 1 or > 200)
            errors.Add(new FieldError("pageSize", "「每页条数」须为1–200。", "pageSize must be 1–200."));
        if (errors.Count > 0)
            return Invalid(http, errors);
        await using var connection = await database.OpenAsync();
        var result = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter
        {
            AgencyCode = http.User.AgencyCode(), Scope = parsedScope, State = state, Handler = handler, Channel = channelCode,
            Search = search, Today = reader.Today, Page = page, PageSize = pageSize,
        });
        return TypedResults.Ok(new ListResponse(result.Items.Select(i => new ListItem(Guid.Parse(i.Id), i.TrackingNumber, i.State,
                Masking.Name(i.ApplicantName, i.ApplicantType == 1), ((Domain.Requests.ApplicantType)i.ApplicantType).ToString(),
                ((Domain.Requests.Channel)i.Channel).ToString(), i.Handler, i.ReceivedOn, i.ReplyDueOn, i.Provisional, i.Overdue, i.Outcome,
                i.ClosedOn, i.ClockRunning, i.ClosedOn is null && !i.ClockRunning ? i.StoppedSince : null)).ToList(), result.Total, result.Page, result.PageSize));
    }

    /// <summary>Answered when the workflow did not answer within the command timeout: the command may still be applied;
    /// <c>Location</c> is where to check.</summary>
    public sealed record PendingResult(Guid RequestId, string Status, string Check);

    private static Accepted<PendingResult> Pending(HttpContext http, Guid id)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Accepted($"/api/requests/{id}", new PendingResult(id, "pending", $"/api/requests/{id}"));
    }

    private static async Task<Results<Created<RequestDetail>, Accepted<PendingResult>, ValidationProblem, ProblemHttpResult>> Register(
        HttpContext http, RegistrationInput input, RequestCommands commands, RequestReader reader, Database database)
    {
        var errors = input.Validate(reader.Today).ToList();
        var handlers = (await People.HandlersOfAsync(database, http.User.AgencyCode())).Select(u => u.UserName).ToList();
        if (input.HandlerError(handlers) is { } handlerError)
            errors.Add(handlerError);
        if (errors.Count > 0)
            return Invalid(http, errors);
        // A caller-chosen requestId makes registration idempotent: a repeat finds the request and registers nothing.
        var id = input.RequestId is { } chosen && chosen != Guid.Empty ? chosen : Guid.NewGuid();
        if (input.RequestId is not null && await reader.FindAsync(id, http.User.AgencyCode()) is { } existing)
            return TypedResults.Created($"/api/requests/{id}", RequestDetail.From(existing));
        Contracts.CommandResult result;
        try
        {
            result = await commands.SendAsync(input.ToCommand(id, http.User.Actor(), http.User.AgencyCode(), handlers));
        }
        catch (MassTransit.RequestTimeoutException)
        {
            return Pending(http, id);
        }
        if (!result.Accepted)
            return TypedResults.Problem(English(http) ? result.ReasonEn : result.Reason, statusCode: 422, title: English(http) ? "Refused" : "未予登记");
        var view = await reader.FindAsync(id, http.User.AgencyCode());
        return TypedResults.Created($"/api/requests/{id}", RequestDetail.From(view!));
    }

    private static async Task<Results<Ok<RequestDetail>, NotFound>> Get(HttpContext http, Guid id, RequestReader reader, ConsultationReader consultations) =>
        await reader.FindAsync(id, http.User.AgencyCode()) is { } view
            ? TypedResults.Ok(RequestDetail.From(view, await consultations.ForRequestAsync(id)))
            : TypedResults.NotFound();

    /// <summary>Art. 35 for several requests of one applicant: one decision, one command (and its record) per request.</summary>
    public sealed record BatchInput
    {
        public List<Guid>? RequestIds { get; init; }
        public ActionInput? Input { get; init; }
        /// <summary>Art. 35: issue each request's numbered letter (说明理由通知书 / 延迟答复告知书), whose issuing is the act.</summary>
        public bool Letters { get; init; }
    }

    public sealed record BatchResult(Guid RequestId, string TrackingNumber, bool Accepted, string? Reason)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? LetterId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? DocumentNumber { get; init; }
    }

    private static async Task<Results<Ok<List<BatchResult>>, NotFound, ValidationProblem, ForbidHttpResult>> Batch(
        HttpContext http, string action, BatchInput body, RequestBatch batch)
    {
        var spec = RequestActions.Find(action);
        if (spec is null || !RequestBatch.Actions.Contains(spec.Name))
            return TypedResults.NotFound();
        if (!RequestActions.MayTake(spec, http.User.Role()))
            return TypedResults.Forbid();
        if (await batch.DecideAsync(spec, body.RequestIds ?? [], body.Input ?? new ActionInput(), http.User, body.Letters) is not { } decided)
            return TypedResults.NotFound();
        if (decided.Errors.Count > 0)
            return Invalid(http, decided.Errors);
        return TypedResults.Ok(decided.Results.Select(r => new BatchResult(r.RequestId, r.TrackingNumber, r.Accepted, English(http) ? r.ReasonEn : r.Reason)
        {
            LetterId = r.LetterId, DocumentNumber = r.DocumentNumber,
        }).ToList());
    }

    private static async Task<Results<Ok<Contracts.CommandResult>, Accepted<PendingResult>, NotFound, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Act(
        HttpContext http, Guid id, string action, ActionInput? input, RequestReader reader, RequestCommands commands, DisclosureRequestStateMachine machine,
        Correspondence.LetterDesk desk, Database database)
    {
        var spec = RequestActions.Find(action);
        var view = await reader.FindAsync(id, http.User.AgencyCode());
        if (spec is null || view is null)
            return TypedResults.NotFound();
        if (!RequestActions.MayTake(spec, http.User.Role()))
            return TypedResults.Forbid();
        if (spec.Name == "reply")
            return await OnTheSpotReplyAsync(http, id, input, view, reader, desk);
        if (!RequestActions.AllowedIn(machine, view.State.CurrentState).Contains(spec))
            return TypedResults.Problem(
                English(http) ? $"'{action}' is not possible while the request is {view.State.CurrentState}." : $"申请当前状态下不能进行「{spec.Zh}」。",
                statusCode: StatusCodes.Status409Conflict, title: English(http) ? "Not allowed in this state" : "当前状态不允许此操作");
        var (command, errors) = RequestActions.Build(spec, input ?? new ActionInput(), id, http.User.Actor(), reader.Today);
        if (spec.Name == "consultation" && await People.UnknownAdviserAsync(database, http.User.AgencyCode(), input?.Advisers) is { } adviserError)
            (command, errors) = (null, [.. errors, adviserError]);
        if (command is IssueFeeNotice fee && await RefuseFeeAsync(database, view, input!, fee.Amount) is { } feeError)
            (command, errors) = (null, [.. errors, feeError]);
        if (command is null)
            return Invalid(http, errors);
        if (RequestActions.FieldRefusal(command, view.State, reader.Today) is { } refusal)
            return Invalid(http, [refusal]);
        Contracts.CommandResult result;
        try
        {
            result = await RequestActions.SendAsync(commands, command);
        }
        catch (MassTransit.RequestTimeoutException)
        {
            return Pending(http, id);
        }
        return result.Accepted
            ? TypedResults.Ok(result)
            : TypedResults.Problem(English(http) ? result.ReasonEn : result.Reason, statusCode: StatusCodes.Status409Conflict,
                title: English(http) ? "Refused" : "未予办理");
    }

    /// <summary>国办函〔2020〕109号: a fee notice made elsewhere is held to the tiers too (issue 17 item 5).</summary>
    private static async Task<FieldError?> RefuseFeeAsync(Database database, RequestView view, ActionInput input, decimal amount)
    {
        await using var connection = await database.OpenAsync();
        return await Correspondence.FeeNoticeDraft.RefuseActionAsync(connection, view.State, view.Row.AgencyCode, input.Method,
            input.Pages?.ToString(System.Globalization.CultureInfo.InvariantCulture), amount, input.ReductionReason);
    }

    /// <summary>Issue 12: the reply is its letter. This action stays only for the reply on the spot (Art. 33 ¶1), which
    /// issues a numbered reply letter and serves it in person in one step of the request; any other reply goes through the
    /// letters endpoint (issue, review, service).</summary>
    private static async Task<Results<Ok<Contracts.CommandResult>, Accepted<PendingResult>, NotFound, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> OnTheSpotReplyAsync(
        HttpContext http, Guid id, ActionInput? input, RequestView view, RequestReader reader, Correspondence.LetterDesk desk)
    {
        if (input?.OnTheSpot != true)
            return TypedResults.Problem(
                English(http)
                    ? $"A reply is its letter: issue it with POST /api/requests/{id}/letters (type reply) and record its service with POST /api/requests/{id}/letters/{{letterId}}/services; this endpoint only takes an on-the-spot reply (onTheSpot: true, Art. 33 ¶1)."
                    : $"答复以答复书办理：请以 POST /api/requests/{id}/letters（type 为 reply）签发答复书，并以 POST /api/requests/{id}/letters/{{letterId}}/services 登记送达；本接口仅用于当场答复（onTheSpot: true，第三十三条第一款）。",
                statusCode: StatusCodes.Status409Conflict, title: English(http) ? "Use the letters endpoint" : "请通过文书接口答复");
        var form = new Correspondence.LetterForm
        {
            Type = "reply", Outcome = input.Outcome, Inputs = new Dictionary<string, string>(input.Inputs ?? []), Privacy = input.Privacy ?? [],
            FormToken = input.FormToken,
        };
        if (!string.IsNullOrWhiteSpace(input.Reasons))
            form.Inputs.TryAdd("input_reasons", input.Reasons.Trim());
        var evidence = string.IsNullOrWhiteSpace(input.Evidence) ? "当场送达申请人" : input.Evidence.Trim();
        var issued = await desk.IssueAsync(view, form, http.User.Actor(), onTheSpotEvidence: evidence);
        if (issued.Letter is null)
            return Invalid(http, issued.Errors);
        var now = await reader.FindAsync(id, http.User.AgencyCode());
        return TypedResults.Ok(new Contracts.CommandResult
        {
            RequestId = id, Accepted = true, State = now!.State.CurrentState, LetterId = issued.Letter.Id, DocumentNumber = issued.Letter.DocumentNumber,
        });
    }

    /// <summary>Identity proof, the application scan or a document provided with the reply: multipart fields
    /// <c>kind</c> and <c>file</c>; size and content are checked as on the request page.</summary>
    private static async Task<Results<Created<RequestDetail.AttachmentDetail>, ValidationProblem, NotFound>> Upload(HttpContext http, Guid id, IFormFile? file,
        [Microsoft.AspNetCore.Mvc.FromForm] string? kind, RequestReader reader, Database database, IConfiguration configuration, IClock clock)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is null)
            return TypedResults.NotFound();
        if (file is null)
            return Invalid(http, [new FieldError("file", "请选择要上传的文件。", "Choose a file to upload.")]);
        var maxBytes = configuration.GetValue<long?>("Attachments:MaxBytes") ?? Uploads.DefaultMaxBytes;
        var (info, content, error) = await Uploads.ReadAsync(file, kind ?? "other", id, http.User.Actor(), clock.GetCurrentInstant(), maxBytes);
        if (error is not null)
            return Invalid(http, [error]);
        await using var connection = await database.OpenAsync();
        await Attachments.InsertAsync(connection, info!, content!);
        return TypedResults.Created($"/api/requests/{id}/attachments/{info!.Id}",
            new RequestDetail.AttachmentDetail(info.Id, info.Kind, info.FileName, info.ContentType, info.SizeBytes));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Attachment(HttpContext http, Guid id, string attachmentId, RequestReader reader, Database database)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is null)
            return TypedResults.NotFound();
        await using var connection = await database.OpenAsync();
        var info = await Attachments.FindAsync(connection, attachmentId);
        if (info is null || info.RequestId != id.ToString())
            return TypedResults.NotFound();
        var content = await Attachments.ContentAsync(connection, attachmentId);
        return TypedResults.File(content!, info.ContentType, info.FileName);
    }
}

/// <summary>A request as the API returns it. Identity numbers and phone numbers are masked: integrators already hold
/// them, and the API is not the place to copy them out again.</summary>
public sealed record RequestDetail
{
    public required Guid Id { get; init; }
    public required string TrackingNumber { get; init; }
    public required string AgencyCode { get; init; }
    public required string State { get; init; }
    public required ApplicantDetail Applicant { get; init; }
    public required string Channel { get; init; }
    public required string Description { get; init; }
    public required string FormOfProvision { get; init; }
    public string? Handler { get; init; }
    public required DeadlineDetail Deadlines { get; init; }
    public ReplyDetail? Reply { get; init; }
    public string? CloseReason { get; init; }
    public int? Outcome { get; init; }
    public LocalDate? ClosedOn { get; init; }
    public required IReadOnlyList<HistoryEntry> History { get; init; }
    public required IReadOnlyList<AttachmentDetail> Attachments { get; init; }
    /// <summary>The request's consultations as their workflow keeps them, opinions as they arrive (Art. 32–34).</summary>
    public IReadOnlyList<ConsultationDetail> Consultations { get; init; } = [];
    /// <summary>Art. 32: the decision to disclose despite a third party's refusal, and the written notice to it.</summary>
    public OverrideDetail? PublicInterestOverride { get; init; }
    /// <summary>转送 (Art. 36(五)): the competent agency the reply 402 named, and the new request forwarded there.</summary>
    public ReferredToDetail? ReferredTo { get; init; }
    /// <summary>转自 (Art. 36(五)): the other agency's request this one was forwarded from.</summary>
    public ReferredFromDetail? ReferredFrom { get; init; }

    public sealed record ReferredToDetail(string? AgencyCode, string AgencyName, Guid? RequestId, string? Consent, LocalDate? ForwardedOn, string LetterDocumentNumber);
    public sealed record ReferredFromDetail(Guid RequestId, string AgencyCode, string TrackingNumber, string LetterDocumentNumber);
    public sealed record ApplicantDetail(string Type, string Name, string IdDocument, string Phone);
    public sealed record DeadlineDetail(LocalDate? ReceivedOn, LocalDate? CorrectionNoticeDueOn, LocalDate? ReplyDueOn, bool Provisional,
        bool Overdue, int? WorkingDaysLeft, int ExtensionDays, int PausedWorkingDays);
    public sealed record ReplyDetail(int Outcome, string Reasons, string LegalBasis, LocalDate ServedOn, bool OnTime);
    public sealed record HistoryEntry(Instant At, string Actor, string Activity, string? FromState, string ToState);
    public sealed record AttachmentDetail(string Id, string Kind, string FileName, string ContentType, long SizeBytes);
    public sealed record ConsultationDetail(Guid Id, string Kind, IReadOnlyList<string> Participants, string Question, LocalDate SentOn,
        string? DocumentNumber, LocalDate? LetterReceivedOn, LocalDate WindowDueOn, LocalDate? EndedOn, string? End, IReadOnlyList<OpinionDetail> Opinions,
        string? AddressedAgency = null, IReadOnlyList<string>? Colleagues = null);
    public sealed record OpinionDetail(string Participant, string Position, string Reasoning, string? CitedArticles, LocalDate ReceivedOn, bool FromPaper);
    public sealed record OverrideDetail(LocalDate DecidedOn, string Reasons, LocalDate? LetterSentOn, string? LetterDocumentNumber);

    public static RequestDetail From(RequestView v, IReadOnlyList<ConsultationState>? consultations = null)
    {
        var s = v.State;
        return new RequestDetail
        {
            Id = s.CorrelationId, TrackingNumber = s.TrackingNumber, AgencyCode = s.AgencyCode, State = s.CurrentState,
            Applicant = new ApplicantDetail(s.Applicant.Type.ToString(), s.Applicant.Name, Masking.IdDocument(s.Applicant.IdDocument), Masking.Phone(s.Applicant.Phone)),
            Channel = s.Channel.ToString(), Description = s.Description, FormOfProvision = s.FormOfProvision, Handler = s.Handler,
            Deadlines = new DeadlineDetail(s.ReceivedOn, s.CorrectionNoticeDueOn, s.ReplyDueOn, s.Provisional, v.Overdue, v.WorkingDaysLeft,
                s.Extension is { Approved: true } e ? e.ApprovedDays : 0, s.PausedWorkingDays),
            Reply = s.Reply is { } r ? new ReplyDetail((int)r.Outcome, r.Reasons, r.LegalBasis, r.ServedOn, r.OnTime) : null,
            CloseReason = s.CloseReason?.ToString(), Outcome = (int?)s.Outcome, ClosedOn = s.ClosedOn,
            History = v.Audit.Select(a => new HistoryEntry(a.OccurredAt, a.Actor, a.Activity, a.FromState, a.ToState)).ToList(),
            Attachments = v.Attachments.Select(a => new AttachmentDetail(a.Id, a.Kind, a.FileName, a.ContentType, a.SizeBytes)).ToList(),
            Consultations = (consultations ?? []).OrderBy(c => c.StartedAt).Select(c => new ConsultationDetail(c.CorrelationId, c.Kind.ToString(),
                c.Participants, c.Question, c.SentOn, c.DocumentNumber, c.LetterReceivedOn, c.WindowDueOn, c.EndedOn, c.End?.ToString(),
                c.Opinions.Select(o => new OpinionDetail(o.Participant, o.Position.ToString(), o.Reasoning, o.CitedArticles, o.ReceivedOn, o.FromPaper)).ToList(),
                c.AddressedAgencyCode, c.Colleagues.Count > 0 ? c.Colleagues.Select(x => x.UserName).ToList() : null)).ToList(),
            PublicInterestOverride = s.PublicInterestOverride is { } pio ? new OverrideDetail(pio.DecidedOn, pio.Reasons, pio.LetterSentOn, pio.LetterDocumentNumber) : null,
            ReferredTo = s.ReferredTo is { } to ? new ReferredToDetail(to.AgencyCode, to.AgencyName, to.RequestId, to.Consent, to.ForwardedOn, to.LetterDocumentNumber) : null,
            ReferredFrom = s.ReferredFrom is { } from ? new ReferredFromDetail(from.RequestId, from.AgencyCode, from.TrackingNumber, from.LetterDocumentNumber) : null,
        };
    }
}
