using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseFlow.Web.Api;

/// <summary>The public API for portals that front CaseFlow (issue 18): apply, follow, answer a correction, withdraw,
/// download served letters, rate. Anonymous, rate-limited per client (<see cref="SecurityExtensions.PublicApiLimit"/>) and
/// per agency; a request is reached only with its tracking number and the header <c>X-Access-Code</c>, and a wrong code
/// answers exactly as an unknown number does (404).</summary>
public static class PublicApi
{
    public const string AccessCodeHeader = "X-Access-Code";

    /// <summary>A file sent with an application as base64: <c>kind</c> is <c>identity-proof</c> or <c>other</c>.</summary>
    public sealed record FileJson(string? Kind, string? FileName, string? ContentBase64);

    /// <summary>The application form's fields (see <see cref="ApplicationInput"/>) and its files.</summary>
    public sealed record ApplicationJson
    {
        public string? ApplicantType { get; init; }
        public string? AgencyCode { get; init; }
        public string? Name { get; init; }
        public string? Workplace { get; init; }
        public string? IdType { get; init; }
        public string? IdNumber { get; init; }
        public string? OrganisationName { get; init; }
        public string? CreditCode { get; init; }
        public string? LegalRepresentative { get; init; }
        public string? ContactName { get; init; }
        public string? Phone { get; init; }
        public string? Address { get; init; }
        public string? Postcode { get; init; }
        public string? Email { get; init; }
        public string? DocumentName { get; init; }
        public string? Description { get; init; }
        public string? Purpose { get; init; }
        public string? FormOfProvision { get; init; }
        public string? ReceiveBy { get; init; }
        public bool ConsentElectronic { get; init; }
        public string? Website { get; init; }
        public IReadOnlyList<FileJson>? Attachments { get; init; }

        public ApplicationInput ToInput() => new()
        {
            ApplicantType = ApplicantType, AgencyCode = AgencyCode, Name = Name, Workplace = Workplace, IdType = IdType, IdNumber = IdNumber,
            OrganisationName = OrganisationName, CreditCode = CreditCode, LegalRepresentative = LegalRepresentative, ContactName = ContactName,
            Phone = Phone, Address = Address, Postcode = Postcode, Email = Email, DocumentName = DocumentName, Description = Description,
            Purpose = Purpose, FormOfProvision = FormOfProvision, ReceiveBy = ReceiveBy, ConsentElectronic = ConsentElectronic, Website = Website,
        };
    }

    public sealed record CreatedJson(string TrackingNumber, string AccessCode, string AgencyCode, string State);

    public sealed record TimelineJson(LocalDate On, string Kind, string Text, IReadOnlyList<string>? Items);

    public sealed record LetterJson(string Id, string DocumentNumber, string Title, LocalDate? ServedOn, string? Method, bool Online, bool Downloaded);

    public sealed record RatingJson(string Level, string? Comment, LocalDate RatedOn);

    public sealed record RectificationJson(LocalDate OpenedOn, LocalDate DueOn, LocalDate? ClosedOn, string? Reply);

    /// <summary>What the applicant sees: state, dates, timeline, served letters, rating; never staff data.</summary>
    public sealed record ApplicationView(
        string TrackingNumber, string AgencyCode, string AgencyName, string State, LocalDate SubmittedOn, LocalDate? ReceivedOn, LocalDate? ReplyDueOn,
        bool ClockPaused, LocalDate? ClosedOn, string? CloseReason, CorrectionJson? Correction, IReadOnlyList<TimelineJson> Timeline,
        IReadOnlyList<LetterJson> Letters, RatingJson? Rating, IReadOnlyList<RectificationJson> Rectifications);

    public sealed record CorrectionJson(LocalDate IssuedOn, IReadOnlyList<string> Items, LocalDate PeriodEndsOn, bool Open);

    public sealed record CorrectionInput(string? CorrectedDescription);

    public sealed record WithdrawalInput(string? Reason);

    public sealed record RatingInput(string? Level, string? Comment);

    public static IEndpointRouteBuilder MapCaseFlowPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public/applications").AllowAnonymous().RequireRateLimiting(SecurityExtensions.PublicApiLimit)
            .WithTags("Public").DisableAntiforgery();
        api.MapPost("/", Apply).WithName("PublicApply");
        api.MapGet("/{trackingNumber}", Get).WithName("PublicGetApplication");
        api.MapGet("/{trackingNumber}/letters/{letterId}", Letter).WithName("PublicGetLetter");
        api.MapPost("/{trackingNumber}/correction", Correct).WithName("PublicCorrect");
        api.MapPost("/{trackingNumber}/withdrawal", Withdraw).WithName("PublicWithdraw");
        api.MapPost("/{trackingNumber}/letters/{letterId}/acknowledgement", Acknowledge).WithName("PublicAcknowledgeLetter");
        api.MapPost("/{trackingNumber}/rating", Rate).WithName("PublicRate");

        // Staff: place an issued letter in the applicant's space (网上送达).
        app.MapPost("/api/requests/{id:guid}/letters/{letterId}/online-service", ServeOnline)
            .RequireAuthorization(Policies.Casework).WithTags("Letters").DisableAntiforgery().WithName("ServeLetterOnline");
        return app;
    }

    private static bool English(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static ValidationProblem Invalid(HttpContext http, IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => English(http) ? e.En : e.Zh).ToArray()),
            title: English(http) ? "The application has invalid fields." : "提交的信息有误。");

    private const int MaxBase64Chars = 16 * 1024 * 1024;

    private static async Task<Results<Created<CreatedJson>, ValidationProblem>> Apply(HttpContext http, ApplicationJson body, ApplicantDesk desk)
    {
        var token = ApplicantDesk.NewToken();
        var errors = new List<FieldError>();
        var files = body.Attachments ?? [];
        if (files.Count > ApplicantDesk.MaxFilesPerForm)
            errors.Add(new FieldError("attachments", $"最多上传{ApplicantDesk.MaxFilesPerForm}个文件。", $"At most {ApplicantDesk.MaxFilesPerForm} files."));
        for (var i = 0; i < files.Count && errors.Count == 0; i++)
        {
            var field = $"attachments[{i}]";
            var file = files[i];
            if (file.Kind is not ("identity-proof" or "other"))
            {
                errors.Add(new FieldError(field, "「文件类别」须为 identity-proof 或 other。", "kind must be identity-proof or other."));
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = file.ContentBase64 is { Length: > 0 and <= MaxBase64Chars } b ? Convert.FromBase64String(b) : throw new FormatException();
            }
            catch (FormatException)
            {
                errors.Add(new FieldError(field, "文件内容须为不超过上限的 base64。", "contentBase64 must be base64 within the size limit."));
                continue;
            }
            using var stream = new MemoryStream(bytes);
            var formFile = new FormFile(stream, 0, bytes.Length, field, Path.GetFileName(file.FileName ?? "file"));
            if (await desk.KeepAsync(token, formFile, file.Kind, field) is { } error)
                errors.Add(error);
        }
        var input = body.ToInput();
        if (errors.Count == 0)
        {
            var (submitted, submitErrors) = await desk.SubmitAsync(input, token);
            if (submitted is not null)
                return TypedResults.Created($"/api/public/applications/{submitted.TrackingNumber}",
                    new CreatedJson(submitted.TrackingNumber, submitted.AccessCode, submitted.AgencyCode, submitted.State));
            errors.AddRange(submitErrors);
        }
        foreach (var kept in await desk.KeptAsync(token))
            await desk.RemoveAsync(token, kept.Id);
        return Invalid(http, errors);
    }

    private static async Task<ApplicantView?> OpenAsync(HttpContext http, string trackingNumber, ApplicantDesk desk) =>
        await desk.OpenAsync(trackingNumber, http.Request.Headers[AccessCodeHeader].ToString()) is { } access ? await desk.ViewAsync(access) : null;

    private static async Task<Results<Ok<ApplicationView>, NotFound>> Get(HttpContext http, string trackingNumber, ApplicantDesk desk) =>
        await OpenAsync(http, trackingNumber, desk) is { } view ? TypedResults.Ok(ToJson(view, English(http))) : TypedResults.NotFound();

    public static ApplicationView ToJson(ApplicantView v, bool english)
    {
        var s = v.State;
        return new ApplicationView(v.Access.TrackingNumber, v.Access.AgencyCode, v.AgencyName, s.CurrentState,
            s.RegisteredAt.InZone(Workflows.DisclosureRequest.ChinaTime.Zone).Date, s.ReceivedOn, s.IsClosed ? null : s.ReplyDueOn, v.ClockPaused,
            s.ClosedOn, s.CloseReason?.ToString(),
            s.CorrectionNotice is { } n ? new CorrectionJson(n.IssuedOn, n.Items, n.PeriodEndsOn, v.MayCorrect) : null,
            v.Timeline.Select(t => new TimelineJson(t.On, t.Kind, english ? t.En : t.Zh, t.Items)).ToList(),
            v.Letters.Select(l => new LetterJson(l.Id, l.DocumentNumber, l.Title, l.ServedOn, l.Method, l.Online, l.FirstDownloadedAt is not null)).ToList(),
            v.Rating is { } r ? new RatingJson(((Domain.Applicants.RatingLevel)r.Level).ToString(), r.Comment, r.RatedOn) : null,
            v.Rectifications.Select(x => new RectificationJson(x.OpenedOn, x.DueOn, x.ClosedOn, x.ReplyToApplicant)).ToList());
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Letter(HttpContext http, string trackingNumber, string letterId,
        ApplicantDesk desk, ElectronicService service, Database database)
    {
        if (await OpenAsync(http, trackingNumber, desk) is not { } view || view.Letters.FirstOrDefault(l => l.Id == letterId) is null)
            return TypedResults.NotFound();
        return TypedResults.File(await LetterFileAsync(view, letterId, service, database), LetterFile.DocxType, $"{letterId}.docx");
    }

    /// <summary>The letter as issued (.docx); a letter of the applicant's space counts its first download.</summary>
    public static async Task<byte[]> LetterFileAsync(ApplicantView view, string letterId, ElectronicService service, Database database)
    {
        await using var connection = await database.OpenAsync();
        var letter = await Letters.FindAsync(connection, letterId) ?? throw new InvalidOperationException("The letter vanished.");
        if (view.Letters.First(l => l.Id == letterId).Online)
            await service.DownloadedAsync(view.Access, letterId);
        return LetterDocx.Write(letter.Content);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Correct(HttpContext http, string trackingNumber, CorrectionInput body, ApplicantDesk desk)
    {
        if (await OpenAsync(http, trackingNumber, desk) is not { } view)
            return TypedResults.NotFound();
        var errors = await desk.CorrectAsync(view, body.CorrectedDescription, null);
        return errors.Count == 0 ? TypedResults.NoContent() : Invalid(http, errors);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Withdraw(HttpContext http, string trackingNumber, WithdrawalInput body, ApplicantDesk desk)
    {
        if (await OpenAsync(http, trackingNumber, desk) is not { } view)
            return TypedResults.NotFound();
        var errors = await desk.WithdrawAsync(view, body.Reason);
        return errors.Count == 0 ? TypedResults.NoContent() : Invalid(http, errors);
    }

    private static async Task<Results<NoContent, NotFound>> Acknowledge(HttpContext http, string trackingNumber, string letterId, ApplicantDesk desk, Database database, IClock clock)
    {
        if (await OpenAsync(http, trackingNumber, desk) is not { } view || view.Letters.FirstOrDefault(l => l.Id == letterId) is not { Online: true })
            return TypedResults.NotFound();
        await using var connection = await database.OpenAsync();
        await ApplicantStore.MarkAcknowledgedAsync(connection, letterId, clock.GetCurrentInstant());
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Rate(HttpContext http, string trackingNumber, RatingInput body, ApplicantDesk desk)
    {
        if (await OpenAsync(http, trackingNumber, desk) is not { } view)
            return TypedResults.NotFound();
        var errors = await desk.RateAsync(view, body.Level, body.Comment);
        return errors.Count == 0 ? TypedResults.NoContent() : Invalid(http, errors);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> ServeOnline(HttpContext http, Guid id, string letterId, RequestReader reader, ElectronicService service)
    {
        if (await reader.FindAsync(id, http.User.AgencyCode()) is not { } view)
            return TypedResults.NotFound();
        var errors = await service.PlaceAsync(view, letterId, http.User.Actor());
        return errors.Count == 0 ? TypedResults.NoContent() : Invalid(http, errors);
    }
}

/// <summary>Content types of the files the applicant downloads.</summary>
public static class LetterFile
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}
