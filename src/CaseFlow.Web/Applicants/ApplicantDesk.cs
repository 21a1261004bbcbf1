using System.Security.Cryptography;
using System.Threading.RateLimiting;
using CaseFlow.Contracts;
using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>An online application accepted: the tracking number and the access code, shown once.</summary>
public sealed record Submitted(Guid RequestId, string TrackingNumber, string AccessCode, string AgencyCode, string AgencyName, string State, Instant SubmittedAt);

/// <summary>One request as its applicant sees it: no handler, no internal notes, no audit trail, no third parties' names.</summary>
public sealed record ApplicantView(
    ApplicantAccess Access, DisclosureRequestState State, string AgencyName, IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ApplicantLetter> Letters, Rating? Rating, IReadOnlyList<Rectification> Rectifications, LocalDate Today)
{
    public Guid RequestId => State.CorrelationId;
    public bool AwaitingConfirmation => State.ReceivedOn is null && !State.IsClosed;
    public bool AwaitingCorrection => State.CurrentState == nameof(DisclosureRequestStateMachine.AwaitingCorrection);
    public bool MayCorrect => AwaitingCorrection && State.CorrectionNotice is { } n && Today <= n.PeriodEndsOn;
    /// <summary>The reply clock stands still: awaiting correction (Art. 30), a third-party or other-agency consultation
    /// (Art. 32, 34) or an unpaid fee notice (国办函〔2020〕109号).</summary>
    public bool ClockPaused => !State.IsClosed && (AwaitingCorrection || State.ClockStopped);
}

/// <summary>One line of the applicant's timeline.</summary>
public sealed record TimelineEntry(LocalDate On, string Kind, string Zh, string En, IReadOnlyList<string>? Items = null);

/// <summary>A letter served to the applicant (any method), and whether it was placed in their space.</summary>
public sealed record ApplicantLetter(string Id, string DocumentNumber, string Title, LocalDate? ServedOn, string? Method, bool Online,
    Instant? FirstDownloadedAt, Instant? AcknowledgedAt);

/// <summary>The applicant's side of a request: applying online, reaching the request with the access code, answering a
/// correction notice, withdrawing, rating the handling. Pages and the public API call this; every lifecycle step goes to
/// the workflow as a command with the actor <c>applicant:&lt;tracking number&gt;</c>.</summary>
public sealed class ApplicantDesk(
    Database database, RequestCommands commands, CalendarCatalog calendars, ApplicantSettings settings, IConfiguration configuration,
    DisclosureRequestStateMachine machine, IClock clock, IntakeLimits limits)
{
    /// <summary>The actor of the registration command: the tracking number is allocated by it.</summary>
    public const string OnlineApplicant = "applicant:online";

    public static string ActorFor(string trackingNumber) => $"applicant:{trackingNumber}";

    public LocalDate Today => ChinaTime.Today(clock);

    public long MaxBytes => configuration.GetValue<long?>("Attachments:MaxBytes") ?? Uploads.DefaultMaxBytes;

    /// <summary>Most files a form keeps under one token.</summary>
    public const int MaxFilesPerForm = 10;

    public async Task<IReadOnlyList<Agency>> AgenciesAsync()
    {
        await using var connection = await database.OpenAsync();
        return await Agencies.AllAsync(connection);
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsToken(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);

    /// <summary>Checks a file as staff uploads are checked and keeps it under the form's token.</summary>
    public async Task<FieldError?> KeepAsync(string token, IFormFile file, string kind, string field)
    {
        var (info, content, error) = await Uploads.ReadAsync(file, kind, Guid.Empty, OnlineApplicant, clock.GetCurrentInstant(), MaxBytes, field);
        if (error is not null)
            return error;
        await using var connection = await database.OpenAsync();
        if ((await ApplicantStore.UploadsAsync(connection, token)).Count >= MaxFilesPerForm)
            return new FieldError(field, $"每份申请最多上传{MaxFilesPerForm}个文件。", $"At most {MaxFilesPerForm} files per application.");
        await ApplicantStore.InsertUploadAsync(connection, new PendingUpload
        {
            Id = info!.Id, Token = token, Kind = kind, FileName = info.FileName, ContentType = info.ContentType, SizeBytes = info.SizeBytes,
            Sha256 = info.Sha256, UploadedAt = info.UploadedAt,
        }, content!);
        return null;
    }

    public async Task<IReadOnlyList<PendingUpload>> KeptAsync(string token)
    {
        await using var connection = await database.OpenAsync();
        return await ApplicantStore.UploadsAsync(connection, token);
    }

    public async Task RemoveAsync(string token, string uploadId)
    {
        await using var connection = await database.OpenAsync();
        await ApplicantStore.DeleteUploadAsync(connection, token, uploadId);
    }

    /// <summary>Validates the form and the files kept under <paramref name="token"/>, registers the request (channel Online,
    /// receipt to be confirmed by the agency, Art. 31(三)), moves the files to it and creates the access code. Nothing is
    /// registered while anything is wrong.</summary>
    public async Task<(Submitted? Result, IReadOnlyList<FieldError> Errors)> SubmitAsync(ApplicationInput input, string token)
    {
        if (input.IsBot)
            return (null, [new FieldError("form", "提交未被受理。", "The submission was not accepted.")]);
        await using var connection = await database.OpenAsync();
        var agencies = await Agencies.AllAsync(connection);
        var errors = input.Validate(agencies.Select(a => a.Code).ToHashSet(StringComparer.Ordinal)).ToList();
        var files = await ApplicantStore.UploadsAsync(connection, token);
        // Art. 29(一): the applicant's identity proof (for an organisation, its licence or certificate).
        if (!files.Any(f => f.Kind == "identity-proof"))
            errors.Add(new FieldError("identityProof", "请上传身份证明（公民的身份证件，法人或者其他组织的营业执照或者登记证书，第二十九条）。",
                "Upload the identity proof (Art. 29)."));
        if (errors.Count > 0)
            return (null, errors);
        var agencyCode = input.AgencyCode!.Trim();
        if (!limits.TryApply(agencyCode, (await settings.LimitsAsync()).ApplyPerAgencyPerHour))
            return (null, [new FieldError("agencyCode", "该机关当前网上申请过多，请稍后再试。", "This agency is receiving too many online applications; try later.")]);

        var now = clock.GetCurrentInstant();
        // As staff registration does: the same applicant's similar requests of the last 90 days are flagged to staff.
        var duplicates = (await RequestList.RecentByApplicantAsync(connection, agencyCode, input.ApplicantName, now - Pages.Requests.RegisterModel.DuplicateWindow))
            .Where(d => Similarity.Of(d.Description, input.Description!) >= Pages.Requests.RegisterModel.DuplicateSimilarity)
            .Select(d => d.TrackingNumber).ToList();
        var id = Guid.NewGuid();
        var result = await commands.SendAsync(input.ToCommand(id, OnlineApplicant));
        if (!result.Accepted)
            return (null, [new FieldError("form", result.Reason ?? "申请未被受理。", result.ReasonEn ?? "Not accepted.")]);
        var trackingNumber = await connection.ExecuteScalarAsync<string>("SELECT tracking_number FROM requests WHERE id = @Id", new { Id = id.ToString() })
            ?? throw new InvalidOperationException("The registered request has no row.");
        var code = AccessCodes.New();
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            var session = new DbSession(connection, transaction, database.Dialect);
            await ApplicantStore.InsertAccessAsync(session, new ApplicantAccess
            {
                RequestId = id.ToString(), TrackingNumber = trackingNumber, AgencyCode = agencyCode, AccessCodeHash = AccessCodes.Hash(code),
                ConsentElectronic = input.ConsentElectronic ? 1 : 0, Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
                Phone = input.Phone!.Trim(), ReceiveBy = input.ReceiveBy!, DuplicateOf = duplicates.Count > 0 ? string.Join(",", duplicates) : null,
                Details = input.DetailsJson(), CreatedAt = now,
            });
            foreach (var file in files)
            {
                var content = await ApplicantStore.UploadContentAsync(connection, file.Id, transaction);
                await Attachments.InsertAsync(connection, new AttachmentInfo
                {
                    Id = file.Id, RequestId = id.ToString(), Kind = file.Kind, FileName = file.FileName, ContentType = file.ContentType,
                    SizeBytes = file.SizeBytes, Sha256 = file.Sha256, UploadedBy = ActorFor(trackingNumber), UploadedAt = file.UploadedAt,
                }, content!, transaction);
            }
            await ApplicantStore.DeleteUploadsAsync(connection, token, transaction);
            await transaction.CommitAsync();
        }
        var agency = agencies.First(a => a.Code == agencyCode);
        return (new Submitted(id, trackingNumber, code, agencyCode, agency.Name, result.State, now), []);
    }

    /// <summary>The request the tracking number and access code open, or null: a wrong code and an unknown number look the
    /// same. Wrong codes are throttled per tracking number.</summary>
    public async Task<ApplicantAccess?> OpenAsync(string? trackingNumber, string? accessCode)
    {
        var number = trackingNumber?.Trim() ?? "";
        if (number.Length is 0 or > 32)
            return null;
        var allowed = (await settings.LimitsAsync()).LookupFailuresPerTrackingNumber;
        if (!limits.MayTry(number, allowed))
            return null;
        await using var connection = await database.OpenAsync();
        ApplicantAccess? found = null;
        // Every candidate is compared, so the time taken does not depend on which one matches.
        foreach (var access in await ApplicantStore.AccessByTrackingNumberAsync(connection, number))
            if (AccessCodes.Matches(accessCode, access.AccessCodeHash))
                found = access;
        if (found is null)
            limits.Failed(number, allowed);
        return found;
    }

    public async Task<ApplicantAccess?> AccessAsync(Guid requestId)
    {
        await using var connection = await database.OpenAsync();
        return await ApplicantStore.AccessByRequestAsync(connection, requestId.ToString());
    }

    public async Task<ApplicantView?> ViewAsync(ApplicantAccess access)
    {
        await using var connection = await database.OpenAsync();
        var data = await connection.ExecuteScalarAsync<string?>("SELECT data FROM requests WHERE id = @Id", new { Id = access.RequestId });
        if (data is null)
            return null;
        var state = SagaJson.Deserialize(data);
        var agency = await Agencies.FindAsync(connection, access.AgencyCode);
        var letters = await Letters.ForRequestAsync(connection, Guid.Parse(access.RequestId));
        var services = await Letters.ServicesForRequestAsync(connection, Guid.Parse(access.RequestId));
        var deliveries = (await ApplicantStore.DeliveriesAsync(connection, access.RequestId)).ToDictionary(d => d.LetterId);
        // The applicant sees the letters served on them or placed in their space, never drafts or letters to others.
        var shown = letters.Where(l => deliveries.ContainsKey(l.Id) || services.Any(s => s.LetterId == l.Id)).Select(l =>
        {
            var service = services.Where(s => s.LetterId == l.Id).OrderBy(s => s.ServedOn).FirstOrDefault();
            deliveries.TryGetValue(l.Id, out var delivery);
            return new ApplicantLetter(l.Id, l.DocumentNumber, l.Title, service?.ServedOn ?? delivery?.ServedOn, service?.Method ?? (delivery is null ? null : "Online"),
                delivery is not null, delivery?.FirstDownloadedAt, delivery?.AcknowledgedAt);
        }).Where(l => l.Online ? true : l.ServedOn is not null).ToList();
        var rating = await ApplicantStore.RatingAsync(connection, access.RequestId);
        var items = await ApplicantStore.RectificationsForRequestAsync(connection, access.RequestId);
        return new ApplicantView(access, state, agency?.Name ?? access.AgencyCode, Timeline(state), shown, rating, items, Today);
    }

    /// <summary>The plain timeline, from the request's own facts (never from the audit trail, which names staff).</summary>
    public static IReadOnlyList<TimelineEntry> Timeline(DisclosureRequestState s)
    {
        var entries = new List<TimelineEntry> { new(s.RegisteredAt.InZone(ChinaTime.Zone).Date, "submitted", "提交申请", "Application submitted") };
        if (s.ReceivedOn is { } received)
            entries.Add(new(received, "confirmed", "机关确认收到申请（第三十一条第三项），答复期限自此计算", "The agency confirmed receipt (Art. 31(3)); the reply period runs from here"));
        if (s.CorrectionNotice is { } notice)
            entries.Add(new(notice.IssuedOn, "correction", $"机关告知补正，请于{notice.PeriodEndsOn:uuuu-MM-dd}前补正（第三十条）",
                $"The agency asked for a correction by {notice.PeriodEndsOn:uuuu-MM-dd} (Art. 30)", notice.Items));
        if (s.CorrectedOn is { } corrected)
            entries.Add(new(corrected, "corrected", "机关收到补正后的申请，答复期限自此重新计算（第三十条）", "Corrected application received; the reply period restarts (Art. 30)"));
        foreach (var c in s.Consultations.Where(c => c.IsExternal))
        {
            entries.Add(new(c.SentOn, "consultation", "征求第三方或者其他机关意见，所需时间不计算在答复期限内（第三十二条、第三十四条）",
                "Consulting a third party or another agency; this time does not count (Art. 32, 34)"));
            if (c.EndedOn is { } ended)
                entries.Add(new(ended, "consultation-ended", "征求意见结束，答复期限继续计算", "Consultation ended; the reply period runs again"));
        }
        if (s.Fee is { } fee)
        {
            entries.Add(new(fee.ServedOn, "fee", $"机关通知收取信息处理费 {fee.Amount:0.##} 元，缴费期间不计算在答复期限内", $"Processing fee of {fee.Amount:0.##} yuan notified; the period stops until payment"));
            if (fee.PaidOn is { } paid)
                entries.Add(new(paid, "fee-paid", "已缴费", "Fee paid"));
        }
        if (s.Extension is { Approved: true, DecidedOn: { } decided } extension)
            entries.Add(new(decided, "extension", $"答复期限延长{extension.ApprovedDays}个工作日（第三十三条第二款）", $"Reply period extended by {extension.ApprovedDays} working days (Art. 33 ¶2)"));
        if (s.Reply is { } reply)
            entries.Add(new(reply.ServedOn, "reply", "机关作出答复", "The agency replied"));
        if (s.ClosedOn is { } closed)
            entries.Add(new(closed, "closed", s.CloseReason switch
            {
                Domain.Requests.CloseReason.Withdrawn => "申请已撤回，办理结束",
                Domain.Requests.CloseReason.DeemedAbandoned => "未在期限内补正，视为放弃申请（第三十条），办理结束",
                _ => "办理结束",
            }, s.CloseReason switch
            {
                Domain.Requests.CloseReason.Withdrawn => "Withdrawn; closed",
                Domain.Requests.CloseReason.DeemedAbandoned => "Not corrected in time: deemed abandoned (Art. 30); closed",
                _ => "Closed",
            }));
        return entries.OrderBy(e => e.On).ToList();
    }

    /// <summary>补正 (Art. 30): the corrected application is recorded on the day it is received, with the applicant's text
    /// and the files kept under the form's <paramref name="token"/> (<see cref="KeepAsync"/>; none when null), which then
    /// become the request's attachments and leave the pending store. Refused, the files stay kept for the next try.</summary>
    public async Task<IReadOnlyList<FieldError>> CorrectAsync(ApplicantView view, string? text, string? token)
    {
        if (!view.MayCorrect)
            return [new FieldError("correction", "当前不在补正期限内，无法网上补正。请联系办理机关。", "No correction is open; contact the agency.")];
        await using var connection = await database.OpenAsync();
        var kept = token is null ? [] : await ApplicantStore.UploadsAsync(connection, token);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(text) && kept.Count == 0)
            errors.Add(new FieldError("correctedDescription", "请填写补正内容或者上传补正材料。", "Give the corrected text or upload files."));
        if (text is { Length: > 4000 })
            errors.Add(new FieldError("correctedDescription", "「补正内容」不能超过4000个字。", "The correction must be at most 4000 characters."));
        if (errors.Count > 0)
            return errors;
        var actor = ActorFor(view.Access.TrackingNumber);
        var result = await commands.SendAsync(new RecordCorrectedApplication
        {
            RequestId = view.RequestId, Actor = actor, CorrectedOn = Today,
            CorrectedDescription = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        });
        if (!result.Accepted)
            return [new FieldError("correction", result.Reason ?? "", result.ReasonEn ?? "")];
        if (kept.Count == 0)
            return [];
        await using var transaction = await database.BeginWriteAsync(connection);
        foreach (var file in kept)
        {
            var content = await ApplicantStore.UploadContentAsync(connection, file.Id, transaction);
            await Attachments.InsertAsync(connection, new AttachmentInfo
            {
                Id = file.Id, RequestId = view.RequestId.ToString(), Kind = file.Kind, FileName = file.FileName, ContentType = file.ContentType,
                SizeBytes = file.SizeBytes, Sha256 = file.Sha256, UploadedBy = actor, UploadedAt = file.UploadedAt,
            }, content!, transaction);
        }
        await ApplicantStore.DeleteUploadsAsync(connection, token!, transaction);
        await transaction.CommitAsync();
        return [];
    }

    public bool MayWithdraw(ApplicantView view) =>
        !view.State.IsClosed && RequestActions.AllowedIn(machine, view.State.CurrentState).Any(a => a.Name == "withdrawal");

    /// <summary>撤回: the applicant withdraws the request.</summary>
    public async Task<IReadOnlyList<FieldError>> WithdrawAsync(ApplicantView view, string? reason)
    {
        if (!MayWithdraw(view))
            return [new FieldError("withdraw", "当前状态下不能撤回申请。", "The request cannot be withdrawn now.")];
        if (reason is { Length: > 500 })
            return [new FieldError("reason", "「撤回理由」不能超过500个字。", "The reason must be at most 500 characters.")];
        var result = await commands.SendAsync(new WithdrawRequest
        {
            RequestId = view.RequestId, Actor = ActorFor(view.Access.TrackingNumber), WithdrawnOn = Today,
            Reason = string.IsNullOrWhiteSpace(reason) ? "申请人网上撤回" : reason.Trim(),
        });
        return result.Accepted ? [] : [new FieldError("withdraw", result.Reason ?? "", result.ReasonEn ?? "")];
    }

    /// <summary>好差评: once per closed request; revisable within the agency's period; a bad rating opens a rectification
    /// item due after the agency's working days (default 15), unless one is open already.</summary>
    public async Task<IReadOnlyList<FieldError>> RateAsync(ApplicantView view, string? level, string? comment)
    {
        if (!Satisfaction.MayRate(view.State.ClosedOn))
            return [new FieldError("level", "办理结束后才能评价。", "Rate once the request is closed.")];
        if (!Enum.TryParse<RatingLevel>(level, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(level, out _))
            return [new FieldError("level", "请选择评价等级。", "Choose a rating.")];
        if (comment is { Length: > 500 })
            return [new FieldError("comment", "「评价意见」不能超过500个字。", "The comment must be at most 500 characters.")];
        var agencyCode = view.Access.AgencyCode;
        var agencySettings = await settings.ForAgencyAsync(agencyCode);
        var today = Today;
        var now = clock.GetCurrentInstant();
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var existing = await connection.QuerySingleOrDefaultAsync<Rating>(
            "SELECT request_id, agency_code, tracking_number, level, comment, closed_on, rated_on, rated_at, revised_at FROM applicant_ratings WHERE request_id = @Id",
            new { Id = view.Access.RequestId }, transaction);
        if (existing is null)
            await ApplicantStore.InsertRatingAsync(session, new Rating
            {
                RequestId = view.Access.RequestId, AgencyCode = agencyCode, TrackingNumber = view.Access.TrackingNumber, Level = (int)parsed,
                Comment = text, ClosedOn = view.State.ClosedOn!.Value, RatedOn = today, RatedAt = now,
            });
        else if (!Satisfaction.MayRevise(existing.RatedOn, today, agencySettings.RatingRevisionDays))
            return [new FieldError("level", "已超过可修改评价的期限。", "The period to revise the rating has ended.")];
        else
            await ApplicantStore.ReviseRatingAsync(session, view.Access.RequestId, (int)parsed, text, now);
        if (Satisfaction.IsBad(parsed) && await ApplicantStore.OpenRectificationAsync(connection, view.Access.RequestId, transaction) is null)
        {
            var agency = await Agencies.FindAsync(connection, agencyCode);
            var statutory = calendars.ClockFor(agency?.CalendarId ?? "cn");
            await ApplicantStore.InsertRectificationAsync(session, new Rectification
            {
                Id = Guid.NewGuid().ToString(), RequestId = view.Access.RequestId, AgencyCode = agencyCode, TrackingNumber = view.Access.TrackingNumber,
                Level = (int)parsed, Comment = text, OpenedOn = today,
                DueOn = Satisfaction.RectificationDue(statutory, today, agencySettings.RectificationWorkingDays),
            });
        }
        await transaction.CommitAsync();
        return [];
    }
}

/// <summary>The per-agency limit on online applications and the per-tracking-number limit on wrong access codes, in this
/// process (the per-client limits are ASP.NET Core's rate limiter on the endpoints). The limit in force is part of the
/// partition: a limit changed on /Settings counts afresh from the change.</summary>
public sealed class IntakeLimits : IDisposable
{
    private static PartitionedRateLimiter<string> PerHour() => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = int.Parse(k[..k.IndexOf('|')], System.Globalization.CultureInfo.InvariantCulture), Window = TimeSpan.FromHours(1), QueueLimit = 0,
        }));

    private readonly PartitionedRateLimiter<string> _agencies = PerHour();
    private readonly PartitionedRateLimiter<string> _failures = PerHour();

    private static string Key(int limit, string subject) => $"{Math.Max(1, limit)}|{subject}";

    public bool TryApply(string agencyCode, int perHour)
    {
        using var lease = _agencies.AttemptAcquire(Key(perHour, agencyCode));
        return lease.IsAcquired;
    }

    /// <summary>True while the tracking number has failures left in this hour.</summary>
    public bool MayTry(string trackingNumber, int perHour) => _failures.GetStatistics(Key(perHour, trackingNumber))?.CurrentAvailablePermits is not 0;

    public void Failed(string trackingNumber, int perHour)
    {
        using var _ = _failures.AttemptAcquire(Key(perHour, trackingNumber));
    }

    public void Dispose()
    {
        _agencies.Dispose();
        _failures.Dispose();
    }
}
