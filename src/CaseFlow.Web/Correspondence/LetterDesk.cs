using System.Globalization;
using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Messaging;
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
    /// <c>fee-notice</c>, <c>reply</c>.</summary>
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
}

/// <summary>A letter as it would be issued now: rendered content (the number still a placeholder), the privacy hits and
/// what blocks issuing.</summary>
public sealed record LetterDraft(
    LetterType Type, Outcome? Outcome, LetterTemplate Template, IReadOnlyDictionary<string, string> Values, string? Content,
    IReadOnlyList<PrivacyHit> Hits, IReadOnlyList<string> Unscanned, IReadOnlyList<FieldError> Errors)
{
    public string? PreviewContent => Content?.Replace(Letters.NumberPlaceholder, "〔　　〕（签发时编号）", StringComparison.Ordinal);
}

/// <summary>Previews, issues and serves the letters of a request. Issuing numbers and freezes the letter and writes the
/// audit trail in one transaction; serving feeds the clock where the law counts from service.</summary>
public sealed class LetterDesk(Database database, LetterTemplates templates, RequestCommands commands, IClock clock)
{
    public const string Redact = "redact";
    public const string Confirm = "confirm";

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
        foreach (var (name, value) in form.Inputs)
            inputs[name] = value;
        if (type == LetterType.FeeNotice && inputs.TryGetValue("input_fee_amount", out var amount) && !string.IsNullOrWhiteSpace(amount)
            && !(decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan) && yuan > 0))
            errors.Add(new FieldError("input_fee_amount", "金额须为大于零的数字（元）。", "The amount must be a number of yuan above zero."));
        var values = LetterFacts.From(view.State, agency?.Name ?? view.Row.AgencyCode, type, form.Consultation, Today, inputs);
        var rendered = await templates.RenderAsync(template, values);
        foreach (var missing in rendered.Missing)
            errors.Add(new FieldError(missing, $"请填写：{LetterFacts.LabelZh(missing)}。", $"Missing: {LetterFacts.LabelEn(missing)}."));
        var hits = new List<PrivacyHit>();
        var unscanned = new List<string>();
        // A consultation letter and the notice of disclosure go to a third party or another agency: the applicant's own
        // details are personal data there too.
        IEnumerable<string?> own = type is LetterType.ConsultationLetter or LetterType.OverrideNotice ? [] : ApplicantOwn(view.State);
        if (rendered.Content is { } content)
            hits.AddRange(PrivacyScanner.Scan(LetterFormat.PlainText(content), "letter", own));
        if (type == LetterType.Reply)
            foreach (var attachment in view.Attachments.Where(a => a.Kind == "reply-document"))
            {
                var isWord = attachment.FileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase);
                var isPdf = attachment.FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
                var bytes = isWord || isPdf ? await Attachments.ContentAsync(connection, attachment.Id) : null;
                // A PDF without a text layer (a scan) or one that cannot be read is not screened: listed for a check by hand.
                var text = bytes is null ? null : isWord ? LetterDocx.ReadText(new MemoryStream(bytes)) : PdfText.Read(bytes);
                if (text is null)
                    unscanned.Add(attachment.FileName);
                else
                    hits.AddRange(PrivacyScanner.Scan(text, attachment.FileName, own));
            }
        return new LetterDraft(type, outcome, template, values, rendered.Content, hits, unscanned, errors);
    }

    private static IEnumerable<string?> ApplicantOwn(DisclosureRequestState state)
    {
        var document = state.Applicant.IdDocument;
        return [document, document.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(), state.Applicant.Phone, state.Applicant.Email];
    }

    /// <summary>Issues the letter when the draft is complete and every privacy hit is resolved: redacted hits are masked in
    /// the content, confirmed ones recorded with who confirmed them.</summary>
    public async Task<(IssuedLetter? Letter, IReadOnlyList<FieldError> Errors)> IssueAsync(RequestView view, LetterForm form, string actor)
    {
        var draft = await DraftAsync(view, form);
        if (draft is null)
            return (null, [new FieldError("type", "请选择文书类型和答复类型。", "Choose the letter type (and the reply's outcome).")]);
        if (draft.Errors.Count > 0 || draft.Content is null)
            return (null, draft.Errors);
        if (draft.Type == LetterType.OverrideNotice && string.IsNullOrWhiteSpace(form.Replaces)
            && Rules.OverrideLetter(view.State, OverrideLetterRecorded(view, Letters.NumberPlaceholder, actor), Today) is { } refusal)
            return (null, [new FieldError("type", refusal.Zh, refusal.En)]);
        var unresolved = draft.Hits.Where(h => !form.Privacy.TryGetValue(h.Key, out var r) || r is not (Redact or Confirm)
            || (r == Redact && h.Source != "letter")).ToList();
        if (unresolved.Count > 0)
            return (null, unresolved.Select(h => new FieldError($"privacy:{h.Key}",
                $"个人信息未处理：{h.ChineseKind} {h.Masked}（{SourceZh(h.Source)}）须遮盖或确认后才能签发。",
                $"Personal data not resolved: {h.Kind} {h.Masked} ({h.Source}) must be redacted or confirmed before issuing.")).ToList());
        IssuedLetter? replaced = null;
        await using var connection = await database.OpenAsync();
        if (!string.IsNullOrWhiteSpace(form.Replaces))
        {
            replaced = await Letters.FindAsync(connection, form.Replaces);
            if (replaced is null || replaced.RequestId != view.Row.Id || replaced.Type != draft.Type)
                return (null, [new FieldError("replaces", "被替换的文书不存在，或不是本申请的同类文书。", "The letter to replace is not a letter of this type on this request.")]);
        }
        var redacted = draft.Hits.Where(h => form.Privacy[h.Key] == Redact).ToList();
        var content = PrivacyScanner.Redact(draft.Content, redacted);
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
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var letter = await Letters.IssueAsync(session, new LetterToIssue
        {
            RequestId = view.State.CorrelationId, AgencyCode = view.Row.AgencyCode, Type = draft.Type, Outcome = draft.Outcome, Year = Today.Year,
            Title = LetterFormat.Title(content), Addressee = LetterFormat.Addressee(content), Content = content,
            Facts = JsonSerializer.Serialize(facts), PrivacyReview = JsonSerializer.Serialize(review), ReplacesLetterId = replaced?.Id,
            IssuedBy = actor, IssuedAt = now,
        });
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = view.Row.Id, MessageId = letter.Id, OccurredAt = now, Actor = actor, Activity = "IssueLetter",
            FromState = view.Row.State, ToState = view.Row.State,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["letter"] = new { before = replaced?.DocumentNumber, after = $"{draft.Type.ChineseName()} {letter.DocumentNumber}" },
                ["privacyHits"] = new { before = (int?)null, after = review.Count },
            }),
        });
        await transaction.CommitAsync();
        // Art. 32: issuing the notice of disclosure is how the request learns the third party was told in writing (its
        // number and date), which lets a reply 102 予以公开 through. A re-issue keeps the first notice on the request.
        if (draft.Type == LetterType.OverrideNotice && view.State.PublicInterestOverride is { LetterSentOn: null })
        {
            var result = await commands.SendAsync(OverrideLetterRecorded(view, letter.DocumentNumber, actor));
            if (!result.Accepted)
                return (letter, [new FieldError("type", $"告知书已签发（{letter.DocumentNumber}），但申请未能记录：{result.Reason}",
                    $"The notice was issued ({letter.DocumentNumber}) but the request refused it: {result.ReasonEn}")]);
        }
        return (letter, []);
    }

    private RecordOverrideLetter OverrideLetterRecorded(RequestView view, string documentNumber, string actor) => new()
    {
        RequestId = view.State.CorrelationId, Actor = actor, SentOn = Today, DocumentNumber = documentNumber,
    };

    private static string SourceZh(string source) => source == "letter" ? "文书正文" : $"附件 {source}";

    /// <summary>送达: records how and when a letter reached its addressee. A fee notice's service is the fee notice of the
    /// request (the payment window and the excluded span count from it, Art. 42; 国办函〔2020〕109号); a consultation
    /// letter's service starts the addressee's 15-working-day window (Art. 32, 34): the consultation workflow is told
    /// first (the first service of its letter sets the window). Every service is then published as <see cref="LetterServed"/>.</summary>
    public async Task<IReadOnlyList<FieldError>> RecordServiceAsync(RequestView view, string letterId, string? method, string? servedOn, string? evidence, string actor)
    {
        await using var connection = await database.OpenAsync();
        var letter = await Letters.FindAsync(connection, letterId);
        if (letter is null || letter.RequestId != view.Row.Id)
            return [new FieldError("letter", "文书不存在。", "No such letter.")];
        var errors = new List<FieldError>();
        if (method is null || !Letters.ServiceMethods.Contains(method))
            errors.Add(new FieldError("method", "请选择送达方式。", "Choose how the letter was served."));
        var date = LocalDatePattern.Iso.Parse(servedOn ?? "");
        var issuedOn = letter.IssuedAt.InZone(ChinaTime.Zone).Date;
        if (!date.Success)
            errors.Add(new FieldError("servedOn", "送达日期格式应为 YYYY-MM-DD。", "The date of service must be YYYY-MM-DD."));
        else if (date.Value < issuedOn || date.Value > Today)
            errors.Add(new FieldError("servedOn", "送达日期不能早于成文日期，也不能晚于今天。", "The date of service cannot be before the letter was issued or after today."));
        if (string.IsNullOrWhiteSpace(evidence))
            errors.Add(new FieldError("evidence", "请填写送达凭证（送达回证、邮件号、电子邮件或网上送达记录）。", "Give the evidence of service."));
        if (errors.Count > 0)
            return errors;
        var facts = JsonSerializer.Deserialize<Dictionary<string, string>>(letter.Facts) ?? [];
        if (letter.Type == LetterType.FeeNotice)
        {
            var result = await commands.SendAsync(new IssueFeeNotice
            {
                RequestId = view.State.CorrelationId, Actor = actor, ServedOn = date.Value,
                Amount = decimal.Parse(facts["input_fee_amount"], NumberStyles.Number, CultureInfo.InvariantCulture),
                Basis = facts["input_fee_basis"],
            });
            if (!result.Accepted)
                return [new FieldError("servedOn", $"收费通知未能记入申请：{result.Reason}", $"The fee notice was refused: {result.ReasonEn}")];
        }
        Guid? consultationId = letter.Type == LetterType.ConsultationLetter && facts.TryGetValue("consultation_id", out var cid) ? Guid.Parse(cid) : null;
        if (consultationId is { } consulted
            && view.State.Consultations.FirstOrDefault(c => c.Id == consulted) is { LetterReceivedOn: null, EndedOn: null })
        {
            var result = await commands.SendAsync(new RecordLetterServed
            {
                RequestId = view.State.CorrelationId, Actor = actor, ConsultationId = consulted, ReceivedOn = date.Value,
            });
            if (!result.Accepted)
                return [new FieldError("servedOn", $"征求意见未能按送达日期计算：{result.Reason}", $"The consultation refused the date of service: {result.ReasonEn}")];
        }
        var now = clock.GetCurrentInstant();
        // The fee notice may have moved the request on: the audit line shows the state it is in now.
        var state = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, Letters.SelectRequestState, new { Id = view.Row.Id }) ?? view.Row.State;
        var service = new LetterService
        {
            Id = Guid.NewGuid().ToString(), LetterId = letter.Id, RequestId = letter.RequestId, Method = method!, ServedOn = date.Value,
            Evidence = evidence!.Trim(), RecordedBy = actor, RecordedAt = now,
        };
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        await Letters.RecordServiceAsync(session, service);
        var served = new LetterServed
        {
            RequestId = view.State.CorrelationId, LetterId = Guid.Parse(letter.Id), LetterType = letter.Type.Slug(), DocumentNumber = letter.DocumentNumber,
            Addressee = letter.Addressee, ServedOn = date.Value, Method = method!, ConsultationId = consultationId,
        };
        await Outbox.AddAsync(session, Guid.NewGuid(), typeof(LetterServed).FullName!, JsonSerializer.Serialize(served, CaseFlowJson.Options), now);
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = view.Row.Id, MessageId = service.Id, OccurredAt = now, Actor = actor, Activity = "RecordLetterService",
            FromState = state, ToState = state,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["service"] = new { before = (string?)null, after = $"{letter.DocumentNumber} {method} {date.Value:uuuu-MM-dd}" },
            }),
        });
        await transaction.CommitAsync();
        return [];
    }
}
