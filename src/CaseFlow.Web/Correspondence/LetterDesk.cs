using System.Globalization;
using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using System.Data.Common;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Correspondence;

/// <summary>What the caseworker sends to preview or issue a letter.</summary>
public sealed class LetterForm
{
    /// <summary>The letter type's slug: <c>receipt</c>, <c>correction-notice</c>, <c>consultation-letter</c>, <c>extension-notice</c>,
    /// <c>fee-notice</c>, <c>override-notice</c>, <c>reply</c>.</summary>
    public string Type { get; set; } = "";
    /// <summary>For a reply: the outcome code (101–505).</summary>
    public int? Outcome { get; set; }
    /// <summary>For a consultation letter: <c>{consultationId}:{participant index}</c>.</summary>
    public string? Consultation { get; set; }
    /// <summary>The caseworker's fields, by variable name (<c>input_reasons</c> …).</summary>
    public Dictionary<string, string> Inputs { get; set; } = [];
    /// <summary>How each privacy hit is resolved, by <see cref="PrivacyHit.Key"/>: <c>redact</c> or <c>confirm</c>.</summary>
    public Dictionary<string, string> Privacy { get; set; } = [];
    /// <summary>The id of the issued letter this one replaces (re-issue).</summary>
    public string? Replaces { get; set; }
    /// <summary>Makes issuing idempotent: the same token never numbers a second letter. The letters page sends the token of
    /// the draft as previewed (the same draft gives the same token in every tab); an API client may send its own.</summary>
    public string? FormToken { get; set; }
}

/// <summary>A letter as it would be issued now: rendered content (the number still a placeholder), the privacy hits, the
/// restriction markings in its reply documents, and what blocks issuing.</summary>
public sealed record LetterDraft(
    LetterType Type, Outcome? Outcome, LetterTemplate Template, IReadOnlyDictionary<string, string> Values, string? Content,
    IReadOnlyList<PrivacyHit> Hits, IReadOnlyList<string> Unscanned, IReadOnlyList<FieldError> Errors)
{
    /// <summary>Classification and restriction markings found in the reply documents (保密审查).</summary>
    public IReadOnlyList<MarkingHit> Markings { get; init; } = [];

    public string? PreviewContent => Content?.Replace(Letters.NumberPlaceholder, "〔　　〕（签发时编号）", StringComparison.Ordinal);

    /// <summary>The content as it will be issued with the privacy resolutions of <paramref name="form"/>: the hits chosen for
    /// redaction masked. The preview shows exactly this.</summary>
    public string? ContentFor(LetterForm form) => Content is null ? null
        : PrivacyScanner.Redact(Content, Hits.Where(h => form.Privacy.GetValueOrDefault(h.Key) == LetterDesk.Redact));

    public string? PreviewFor(LetterForm form) => ContentFor(form)?.Replace(Letters.NumberPlaceholder, "〔　　〕（签发时编号）", StringComparison.Ordinal);

    /// <summary>The token of this draft as it would be issued: the same draft in a second tab or after the back button
    /// gives the same token, so it is never numbered twice.</summary>
    public string TokenFor(Guid requestId, LetterForm form) =>
        "d:" + Letters.Hash($"{requestId}\n{(int)Type}\n{(int?)Outcome}\n{form.Replaces}\n{ContentFor(form)}")[..40];
}

/// <summary>The result of issuing: the letter (issued now, or by this same form before), or the draft submitted for review,
/// or what is wrong.</summary>
public sealed record IssueResult(IssuedLetter? Letter, LetterDraftRow? Submitted, IReadOnlyList<FieldError> Errors);

/// <summary>Previews letters and hands them to the request's workflow, which numbers, stores and performs them in one step
/// (issue 12). When the agency's review settings ask for review (审核/签发, Art. 45), the draft is frozen and submitted to
/// the reviewers instead; the last approval issues it.</summary>
public sealed class LetterDesk(Database database, LetterTemplates templates, RequestCommands commands, IClock clock, Notices notices)
{
    public const string Redact = "redact";
    public const string Confirm = "confirm";
    /// <summary>Most fields a letter form may send.</summary>
    public const int MaxInputs = 50;

    public LocalDate Today => ChinaTime.Today(clock);

    public async Task<LetterDraft?> DraftAsync(RequestView view, LetterForm form)
    {
        if (LetterTypes.FromSlug(form.Type) is not { } type)
            return null;
        var errors = new List<FieldError>();
        Outcome? outcome = null;
        if (type == LetterType.Reply)
        {
            outcome = form.Outcome is { } code && Enum.IsDefined((Outcome)code) && LetterTypes.ReplyOutcomes.Contains((Outcome)code)
                ? (Outcome)code
                : view.State.Reply?.Outcome is { } served && LetterTypes.ReplyOutcomes.Contains(served) ? served : null;
            if (outcome is null)
            {
                errors.Add(new FieldError("outcome", "请选择答复类型。", "Choose the outcome of the reply."));
                return null;
            }
        }
        // The reply letter states the decision the request records once it has been served (Art. 36–39).
        if (view.State.Reply is { } reply && outcome is { } chosen && chosen != reply.Outcome)
            errors.Add(new FieldError("outcome", $"答复类型与已记录的答复（{reply.Outcome.ChineseName()}）不一致。",
                $"The outcome differs from the reply recorded on the request ({(int)reply.Outcome})."));
        var template = templates.For(type, outcome);
        await using var connection = await database.OpenAsync();
        var agency = await Agencies.FindAsync(connection, view.Row.AgencyCode);
        var inputs = LetterFacts.Defaults(view.State, type, outcome);
        // Art. 44 → 36(一): a request of a group whose information the office has published proactively: the 101 reply
        // offers the published address as where the information is (the caseworker may change it).
        if (outcome == Outcome.AlreadyPublic
            && await Persistence.Supervision.ProactiveDisclosures.PublishedForRequestAsync(connection, view.Row.Id) is { PublishedOn: { } publishedOn, PublishedUrl: { } url })
            inputs["input_where"] = Domain.Supervision.ProactiveDisclosureRule.WhereZh(publishedOn, url);
        // Inputs are bounded before anything is rendered (a 4 MB input once cost seconds of CPU per preview): a longer
        // value is refused naming its field and left out of the draft, which then cannot be issued.
        if (form.Inputs.Count > MaxInputs)
            errors.Add(new FieldError("inputs", $"文书字段不能超过{MaxInputs}个。", $"At most {MaxInputs} letter fields."));
        foreach (var (name, value) in form.Inputs.Take(MaxInputs))
        {
            if (name.Length > CommandValidation.MaxNameLength)
                errors.Add(new FieldError("inputs", $"文书字段名不能超过{CommandValidation.MaxNameLength}个字符。", $"A letter field's name must be at most {CommandValidation.MaxNameLength} characters."));
            else if (value is { Length: > CommandValidation.MaxTextLength })
                errors.Add(new FieldError(name, $"「{LetterFacts.LabelZh(name)}」不能超过{CommandValidation.MaxTextLength}个字。",
                    $"{LetterFacts.LabelEn(name)} must be at most {CommandValidation.MaxTextLength} characters."));
            else if (!(name == "input_where" && string.IsNullOrWhiteSpace(value) && inputs.ContainsKey(name)))
                inputs[name] = value;
        }
        // 国办函〔2020〕109号: the fee notice's amount is computed from the tiers and checked against them (issue 17 item 5).
        var feeFacts = type == LetterType.FeeNotice ? await FeeNoticeDraft.FactsAsync(connection, view.State, view.Row.AgencyCode, inputs, errors) : [];
        // 转送 (Art. 36(五)): the competent agency is chosen from the platform's agencies; the reply names it.
        if (inputs.GetValueOrDefault(ReferralAsked.AgencyField) is { } referTo && !string.IsNullOrWhiteSpace(referTo))
        {
            if (referTo.Trim() == view.Row.AgencyCode || await Agencies.FindAsync(connection, referTo.Trim()) is not { } competent)
                errors.Add(new FieldError(ReferralAsked.AgencyField, "请从本平台的其他机关中选择负责公开的机关。", "Choose the competent agency among the other agencies of this platform."));
            else if (string.IsNullOrWhiteSpace(inputs.GetValueOrDefault(ReferralAsked.NamedField)))
                inputs[ReferralAsked.NamedField] = competent.Name;
        }
        var values = LetterFacts.From(view.State, agency?.Name ?? view.Row.AgencyCode, type, form.Consultation, Today, inputs);
        foreach (var (name, value) in feeFacts)
            values[name] = value;
        var rendered = await templates.RenderAsync(template, values);
        foreach (var missing in rendered.Missing)
        {
            // The correction notice's items and period are the letter's own fields (Art. 30): the error stands next to them.
            var field = LetterFacts.InputOf(type, missing);
            errors.Add(new FieldError(field, $"请填写：{LetterFacts.LabelZh(field)}。", $"Missing: {LetterFacts.LabelEn(field)}."));
        }
        var hits = new List<PrivacyHit>();
        var markings = new List<MarkingHit>();
        var unscanned = new List<string>();
        var extraMarkings = (await ReviewSettingsStore.ForAsync(connection, view.Row.AgencyCode)).ExtraMarkings;
        // A consultation letter and the notice of disclosure go to a third party or another agency: the applicant's own
        // details are personal data there too.
        IEnumerable<string?> own = type is LetterType.ConsultationLetter or LetterType.OverrideNotice ? [] : ApplicantOwn(view.State);
        if (rendered.Content is { } content)
            hits.AddRange(PrivacyScanner.Scan(LetterFormat.PlainText(content), "letter", own));
        if (type == LetterType.Reply)
            foreach (var attachment in await AttachmentWithdrawals.InUseAsync(connection, view.Attachments.Where(a => a.Kind == "reply-document")))
            {
                var readable = Path.GetExtension(attachment.FileName).ToLowerInvariant() is ".docx" or ".pdf";
                var bytes = readable ? await Attachments.ContentAsync(connection, attachment.Id) : null;
                // A scan without a text layer, or a file that is damaged, over a reading limit or not read in time, is not
                // screened: listed for a check by hand (bounded reading, DocumentReader).
                var text = bytes is null ? null : await DocumentReader.TextAsync(bytes, attachment.FileName);
                if (text is null)
                    unscanned.Add(attachment.FileName);
                else
                {
                    hits.AddRange(PrivacyScanner.Scan(text, attachment.FileName, own));
                    markings.AddRange(MarkingScanner.Scan(text, attachment.FileName, extraMarkings));
                }
            }
        return new LetterDraft(type, outcome, template, values, rendered.Content, hits, unscanned, errors) { Markings = markings };
    }

    private static IEnumerable<string?> ApplicantOwn(DisclosureRequestState state)
    {
        var document = state.Applicant.IdDocument;
        return [document, document.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(), state.Applicant.Phone, state.Applicant.Email];
    }

    /// <summary>Issues the letter, or submits it for review: only a complete draft with every privacy hit resolved (redacted
    /// hits are masked in the content, confirmed ones recorded with who confirmed them). <paramref name="onTheSpotEvidence"/>
    /// makes a reply an on-the-spot reply (Art. 33 ¶1), served in person in the same step and never held for review.</summary>
    public async Task<IssueResult> IssueAsync(RequestView view, LetterForm form, string actor, string? onTheSpotEvidence = null)
    {
        var draft = await DraftAsync(view, form);
        if (draft is null)
            return Failed(new FieldError("type", "请选择文书类型和答复类型。", "Choose the letter type (and the reply's outcome)."));
        if (draft.Errors.Count > 0 || draft.Content is null)
            return new IssueResult(null, null, draft.Errors);
        var unresolved = draft.Hits.Where(h => !form.Privacy.TryGetValue(h.Key, out var r) || r is not (Redact or Confirm)
            || (r == Redact && h.Source != "letter")).ToList();
        if (unresolved.Count > 0)
            return new IssueResult(null, null, unresolved.Select(h => new FieldError($"privacy:{h.Key}",
                $"个人信息未处理：{h.ChineseKind} {h.Masked}（{SourceZh(h.Source)}）须遮盖或确认后才能签发。",
                $"Personal data not resolved: {h.Kind} {h.Masked} ({h.Source}) must be redacted or confirmed before issuing.")).ToList());
        await using var connection = await database.OpenAsync();
        if (!string.IsNullOrWhiteSpace(form.Replaces))
        {
            var replaced = await Letters.FindAsync(connection, form.Replaces);
            if (replaced is null || replaced.RequestId != view.Row.Id || replaced.Type != draft.Type)
                return Failed(new FieldError("replaces", "被替换的文书不存在，或不是本申请的同类文书。", "The letter to replace is not a letter of this type on this request."));
        }
        if (ActFields(draft, form, out var items, out var periodEndsOn) is { } actError)
            return Failed(actError);
        if (Art35Date(draft, form, out var art35On) is { } art35Error)
            return Failed(art35Error);
        var redacted = draft.Hits.Where(h => form.Privacy[h.Key] == Redact).ToList();
        var content = draft.ContentFor(form)!;
        var now = clock.GetCurrentInstant();
        var review = draft.Hits.Select(h => new
        {
            key = h.Key, kind = h.Kind.ToString(), masked = h.Masked, source = h.Source, resolution = form.Privacy[h.Key], by = actor,
            at = InstantPattern.ExtendedIso.Format(now),
        }).ToList();
        // The facts are kept with the letter as issued, so a redacted value is masked there too.
        var facts = draft.Values.Where(v => v.Key != "document_number").ToDictionary(v => v.Key, v => PrivacyScanner.Redact(v.Value, redacted));
        if (draft.Outcome is { } o)
            facts["outcome"] = ((int)o).ToString(CultureInfo.InvariantCulture);
        var token = string.IsNullOrWhiteSpace(form.FormToken) ? draft.TokenFor(view.State.CorrelationId, form) : form.FormToken.Trim();
        if (token.Length > 100)
            return Failed(new FieldError("formToken", "表单标识不能超过100个字符。", "formToken must be at most 100 characters."));
        var command = new IssueLetter
        {
            RequestId = view.State.CorrelationId, Actor = actor, FormToken = token, Type = draft.Type, Outcome = draft.Outcome,
            Title = LetterFormat.Title(content), Addressee = LetterFormat.Addressee(content), Content = content,
            Facts = JsonSerializer.Serialize(facts), PrivacyReview = JsonSerializer.Serialize(review),
            ReplacesLetterId = string.IsNullOrWhiteSpace(form.Replaces) ? null : form.Replaces, IssuedOn = Today,
            CorrectionItems = items, CorrectionPeriodEndsOn = periodEndsOn, Reasons = facts.GetValueOrDefault("input_reasons"),
            ServedInPersonEvidence = onTheSpotEvidence,
            ReasonsWindowEndsOn = draft.Type == LetterType.ReasonsRequest ? art35On : null,
            ReasonableReplyDueOn = draft.Type == LetterType.ReasonablePeriodNotice ? art35On : null,
        };
        // The same rule the workflow applies, asked first so that a draft the workflow would refuse is not sent for review.
        if (Rules.Letter(view.State, command, Today) is { } refusal)
            return Failed(new FieldError(FieldOf(draft.Type), refusal.Zh, refusal.En));
        if (await Letters.IssuedWithTokenAsync(connection, view.State.CorrelationId, token) is { } already)
            return new IssueResult(already, null, []);
        var settings = await ReviewSettingsStore.ForAsync(connection, view.Row.AgencyCode);
        var plan = onTheSpotEvidence is null ? ReviewPlan.For(settings, draft.Type, draft.Outcome) : [];
        if (plan.Count > 0)
            return await SubmitForReviewAsync(connection, view, form, draft, command, plan, settings, actor, now);
        var result = await commands.SendAsync(command);
        if (!result.Accepted)
            return Failed(new FieldError(FieldOf(draft.Type), result.Reason ?? "", result.ReasonEn ?? ""));
        return new IssueResult(await Letters.FindAsync(connection, result.LetterId!), null, []);
    }

    private static IssueResult Failed(FieldError error) => new(null, null, [error]);

    /// <summary>The field a refusal of the workflow stands next to: the reply's outcome, the fee notice's amount.</summary>
    private static string FieldOf(LetterType type) => type switch
    {
        LetterType.Reply => "outcome",
        LetterType.FeeNotice => Workflows.Fees.FeeNoticeFacts.Amount,
        _ => "type",
    };

    /// <summary>Art. 35: the 说明理由通知书 carries its reply window, the 延迟答复告知书 the later reasonable date.</summary>
    private static FieldError? Art35Date(LetterDraft draft, LetterForm form, out LocalDate? on)
    {
        on = null;
        var field = draft.Type switch
        {
            LetterType.ReasonsRequest => LetterFacts.ReasonsWindowField,
            LetterType.ReasonablePeriodNotice => LetterFacts.ReasonableDueField,
            _ => null,
        };
        if (field is null || !string.IsNullOrWhiteSpace(form.Replaces))
            return null;
        var parsed = LocalDatePattern.Iso.Parse(form.Inputs.GetValueOrDefault(field)?.Trim() ?? "");
        if (!parsed.Success)
            return new FieldError(field, $"「{LetterFacts.LabelZh(field)}」格式应为 YYYY-MM-DD。", $"{LetterFacts.LabelEn(field)} must be YYYY-MM-DD.");
        on = parsed.Value;
        return null;
    }

    /// <summary>The correction notice letter carries the act's own facts: the items (one per line) and the period (Art. 30).</summary>
    private static FieldError? ActFields(LetterDraft draft, LetterForm form, out IReadOnlyList<string> items, out LocalDate? periodEndsOn)
    {
        items = [];
        periodEndsOn = null;
        if (draft.Type != LetterType.CorrectionNotice)
            return null;
        items = LetterFacts.CorrectionItems(form.Inputs.GetValueOrDefault("input_correction_items"));
        var period = LocalDatePattern.Iso.Parse(form.Inputs.GetValueOrDefault("input_correction_period_ends_on")?.Trim() ?? "");
        if (!period.Success)
            return new FieldError("input_correction_period_ends_on", "补正期限格式应为 YYYY-MM-DD。", "The correction period must be YYYY-MM-DD.");
        periodEndsOn = period.Value;
        return null;
    }

    /// <summary>审核/签发: freezes the draft as it will be issued and puts it in the reviewers' queue. The same draft submitted
    /// twice (a second tab) is one draft.</summary>
    private async Task<IssueResult> SubmitForReviewAsync(DbConnection connection, RequestView view, LetterForm form, LetterDraft draft, IssueLetter command,
        IReadOnlyList<ReviewStep> plan, ReviewSettings settings, string actor, Instant now)
    {
        var id = DraftId(view.State.CorrelationId, command.FormToken);
        if (await LetterDrafts.FindAsync(connection, id) is { } existing)
            return existing.Status == LetterDrafts.Returned
                ? Failed(new FieldError("type", "同一稿已被退回，请按审核意见修改后再提交。", "This draft was returned; change it as the reviewer asked before submitting again."))
                : new IssueResult(existing.LetterId is { } issuedId ? await Letters.FindAsync(connection, issuedId) : null, existing, []);
        var markings = draft.Markings.Select(m => new { marking = m.Marking, source = m.Source }).ToList();
        var row = new LetterDraftRow
        {
            Id = id, RequestId = view.Row.Id, AgencyCode = view.Row.AgencyCode, LetterType = (int)draft.Type, Outcome = (int?)draft.Outcome,
            Title = command.Title, Addressee = command.Addressee, Content = command.Content,
            Form = JsonSerializer.Serialize(new LetterForm
            {
                Type = form.Type, Outcome = form.Outcome, Consultation = form.Consultation, Inputs = form.Inputs, Privacy = form.Privacy, Replaces = form.Replaces,
            }),
            Facts = command.Facts, PrivacyReview = command.PrivacyReview, Markings = JsonSerializer.Serialize(markings),
            ReviewPlan = string.Join(",", plan), StepsDone = 0, Reviews = "[]", Status = LetterDrafts.AwaitingReview, DraftedBy = actor,
            SubmittedAt = now, UpdatedAt = now,
        };
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        await LetterDrafts.InsertAsync(session, row);
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = view.Row.Id, MessageId = $"draft:{id}", OccurredAt = now, Actor = actor, Activity = "SubmitLetterForReview",
            FromState = view.Row.State, ToState = view.Row.State,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["draft"] = new { before = (string?)null, after = $"{draft.Type.ChineseName()} → {plan[0].ChineseName()}" },
            }),
        });
        await notices.DraftWaitsAsync(session, row, plan[0], view.State.TrackingNumber, now);
        await transaction.CommitAsync();
        return new IssueResult(null, row, []);
    }

    public static string DraftId(Guid requestId, string token) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{requestId}\n{token}"))[..16]).ToString();

    private static string SourceZh(string source) => source == "letter" ? "文书正文" : $"附件 {source}";

    /// <summary>送达: records how and when a letter reached its addressee; the request's workflow performs what the service
    /// does (the fee notice starts the payment window, Art. 42; the reply letter is the reply, Art. 36–39) in the same step.
    /// A consultation letter's service starts the addressee's 15-working-day window (Art. 32, 34): the consultation workflow
    /// is told first (the first service of its letter sets the window; a retry finds it set and goes on).</summary>
    public async Task<IReadOnlyList<FieldError>> RecordServiceAsync(RequestView view, string letterId, string? method, string? servedOn, string? evidence, string actor)
    {
        await using var connection = await database.OpenAsync();
        var letter = await Letters.FindAsync(connection, letterId);
        if (letter is null || letter.RequestId != view.Row.Id)
            return [new FieldError("letter", "文书不存在。", "No such letter.")];
        var errors = new List<FieldError>();
        if (method is null || !Letters.ServiceMethods.Contains(method))
            errors.Add(new FieldError("method", "请选择送达方式。", "Choose how the letter was served."));
        var date = LocalDatePattern.Iso.Parse(servedOn?.Trim() ?? "");
        var issuedOn = letter.IssuedAt.InZone(ChinaTime.Zone).Date;
        if (!date.Success)
            errors.Add(new FieldError("servedOn", "送达日期格式应为 YYYY-MM-DD。", "The date of service must be YYYY-MM-DD."));
        else if (date.Value < issuedOn || date.Value > Today)
            errors.Add(new FieldError("servedOn", "送达日期不能早于成文日期，也不能晚于今天。", "The date of service cannot be before the letter was issued or after today."));
        if (string.IsNullOrWhiteSpace(evidence))
            errors.Add(new FieldError("evidence", "请填写送达凭证（送达回证、邮件号、电子邮件或网上送达记录）。", "Give the evidence of service."));
        else if (evidence.Trim().Length > 1000)
            errors.Add(new FieldError("evidence", "送达凭证不能超过1000个字。", "The evidence must be at most 1000 characters."));
        if (errors.Count > 0)
            return errors;
        var facts = JsonSerializer.Deserialize<Dictionary<string, string>>(letter.Facts) ?? [];
        Guid? consultationId = letter.Type == LetterType.ConsultationLetter && facts.TryGetValue("consultation_id", out var cid) ? Guid.Parse(cid) : null;
        if (consultationId is { } consulted
            && view.State.Consultations.FirstOrDefault(c => c.Id == consulted) is { LetterReceivedOn: null, EndedOn: null })
        {
            var told = await commands.SendAsync(new RecordLetterServed
            {
                RequestId = view.State.CorrelationId, Actor = actor, ConsultationId = consulted, ReceivedOn = date.Value,
            });
            if (!told.Accepted)
                return [new FieldError("servedOn", $"征求意见未能按送达日期计算：{told.Reason}", $"The consultation refused the date of service: {told.ReasonEn}")];
        }
        var result = await commands.SendAsync(new RecordLetterService
        {
            RequestId = view.State.CorrelationId, Actor = actor, LetterId = letter.Id, Method = method!, ServedOn = date.Value, Evidence = evidence!.Trim(),
        });
        return result.Accepted ? [] : [new FieldError("servedOn", $"送达未能登记：{result.Reason}", $"The service was refused: {result.ReasonEn}")];
    }
}
