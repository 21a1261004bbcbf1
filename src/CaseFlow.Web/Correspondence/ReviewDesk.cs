using System.Text.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Correspondence;

/// <summary>A reviewer's decision on a draft: <c>approve</c> or <c>return</c> (with a comment to the drafter); at sign-off
/// of a reply that discloses, the confidentiality checklist; for each restriction marking found, why it may go out.</summary>
public sealed record ReviewInput
{
    public string? Decision { get; init; }
    public string? Comment { get; init; }
    /// <summary>保密审查 (Art. 14–16), each item attested true: <c>noStateSecret</c>, <c>noWorkSecret</c>,
    /// <c>noTradeSecretOrPrivacy</c>, <c>noRiskToSecurity</c>.</summary>
    public Dictionary<string, bool>? Checklist { get; init; }
    /// <summary>For each marking found (by its key, <c>{file}\n{marking}</c>), why the document may go out.</summary>
    public Dictionary<string, string>? MarkingReleases { get; init; }
}

/// <summary>What came of a review decision.</summary>
public sealed record ReviewResult(bool Forbidden, IReadOnlyList<FieldError> Errors, LetterDraftRow? Draft, IssuedLetter? Letter);

/// <summary>审核/签发 (Art. 45): who may review which draft, and the decisions. The last approval issues the letter through
/// the request's workflow, which numbers it and marks the draft issued in one transaction; a second approval of the same
/// draft (a second tab) finds it issued and numbers nothing.</summary>
public sealed class ReviewDesk(Database database, RequestCommands commands, IClock clock, Notices notices)
{
    /// <summary>The confidentiality checklist (保密审查), Art. 14–16.</summary>
    public static readonly IReadOnlyList<(string Key, string Zh, string En)> Checklist =
    [
        ("noStateSecret", "不涉及国家秘密（第十四条）", "No state secret is disclosed (Art. 14)"),
        ("noWorkSecret", "不涉及工作秘密、内部事务信息（第十六条）", "No work secret or internal-affairs information is disclosed (Art. 16)"),
        ("noTradeSecretOrPrivacy", "不涉及商业秘密、个人隐私，或已取得权利人同意（第十五条）", "No trade secret or personal privacy is disclosed without consent (Art. 15)"),
        ("noRiskToSecurity", "公开后不会危及国家安全、公共安全、经济安全、社会稳定（第十四条）", "Disclosure does not endanger national, public or economic security or social stability (Art. 14)"),
    ];

    public sealed record ReviewEntry(string Step, string Decision, string By, string At, string? Comment,
        Dictionary<string, bool>? Checklist, Dictionary<string, string>? MarkingReleases);

    public sealed record MarkingFound(string Marking, string Source)
    {
        public string Key => $"{Source}\n{Marking}";
    }

    public static IReadOnlyList<ReviewEntry> Reviews(LetterDraftRow draft) =>
        JsonSerializer.Deserialize<List<ReviewEntry>>(draft.Reviews) ?? [];

    public static IReadOnlyList<MarkingFound> Markings(LetterDraftRow draft) =>
        (JsonSerializer.Deserialize<List<Dictionary<string, string>>>(draft.Markings) ?? []).Select(m => new MarkingFound(m["marking"], m["source"])).ToList();

    /// <summary>Why <paramref name="actor"/> may not take the step the draft waits for; null when they may.</summary>
    public static (string Zh, string En)? MayReview(LetterDraftRow draft, string actor, string role) =>
        draft.NextStep is not { } step
            ? ("该文书稿不在待审核状态。", "The draft is not awaiting review.")
            : ReviewPlan.MayReview(step, role, actor, draft.DraftedBy, Reviews(draft).Select(r => r.By));

    /// <summary>The drafts of the agency that wait for a step this person may take, oldest first.</summary>
    public async Task<IReadOnlyList<LetterDraftRow>> WaitingForAsync(string agencyCode, string actor, string role)
    {
        await using var connection = await database.OpenAsync();
        return (await LetterDrafts.WaitingAsync(connection, agencyCode)).Where(d => MayReview(d, actor, role) is null).ToList();
    }

    /// <summary>Whether the step the draft waits for is its last, where the checklist and the marking releases are asked.</summary>
    public static bool IsLastStep(LetterDraftRow draft) => draft.StepsDone == draft.Steps.Count - 1;

    public async Task<ReviewResult> DecideAsync(RequestView view, string draftId, ReviewInput input, string actor, string role)
    {
        await using var connection = await database.OpenAsync();
        var draft = await LetterDrafts.FindAsync(connection, draftId);
        if (draft is null || draft.RequestId != view.Row.Id)
            return new ReviewResult(false, [new FieldError("draft", "文书稿不存在。", "No such draft.")], null, null);
        if (draft.Status == LetterDrafts.Issued && input.Decision == "approve")
            return new ReviewResult(false, [], draft, draft.LetterId is { } issued ? await Letters.FindAsync(connection, issued) : null);
        if (MayReview(draft, actor, role) is { } notAllowed)
            return new ReviewResult(true, [new FieldError("draft", notAllowed.Zh, notAllowed.En)], draft, null);
        var step = draft.NextStep!.Value;
        var errors = new List<FieldError>();
        if (input.Decision is not ("approve" or "return"))
            errors.Add(new FieldError("decision", "请选择「同意」或「退回」。", "decision must be approve or return."));
        var comment = input.Comment?.Trim();
        if (input.Decision == "return" && string.IsNullOrWhiteSpace(comment))
            errors.Add(new FieldError("comment", "退回须写明审核意见。", "A return needs a comment for the drafter."));
        if (comment is { Length: > 2000 })
            errors.Add(new FieldError("comment", "审核意见不能超过2000个字。", "The comment must be at most 2000 characters."));
        var last = IsLastStep(draft);
        var markings = Markings(draft);
        Dictionary<string, bool>? checklist = null;
        Dictionary<string, string>? releases = null;
        if (input.Decision == "approve" && last)
        {
            if (ReviewPlan.NeedsConfidentialityChecklist(draft.Type, (Domain.Replies.Outcome?)draft.Outcome))
            {
                checklist = Checklist.ToDictionary(c => c.Key, c => input.Checklist?.GetValueOrDefault(c.Key) == true);
                foreach (var item in Checklist.Where(c => !checklist[c.Key]))
                    errors.Add(new FieldError($"checklist:{item.Key}", $"保密审查未确认：{item.Zh}。", $"Confidentiality check not attested: {item.En}."));
            }
            releases = [];
            foreach (var marking in markings)
            {
                var why = input.MarkingReleases?.GetValueOrDefault(marking.Key)?.Trim();
                if (string.IsNullOrWhiteSpace(why) || why.Length > 1000)
                    errors.Add(new FieldError($"marking:{marking.Key}", $"附件 {marking.Source} 含有标识「{marking.Marking}」：须写明可以对外提供的理由（不超过1000字）后才能签发。",
                        $"{marking.Source} carries the marking {marking.Marking}: record why it may go out (at most 1000 characters) before issuing."));
                else
                    releases[marking.Key] = why;
            }
        }
        if (errors.Count > 0)
            return new ReviewResult(false, errors, draft, null);
        var now = clock.GetCurrentInstant();
        var reviews = Reviews(draft).Append(new ReviewEntry(step.ToString(), input.Decision!, actor, InstantPattern.ExtendedIso.Format(now), comment,
            checklist, releases is { Count: > 0 } ? releases : null)).ToList();
        var reviewsJson = JsonSerializer.Serialize(reviews);
        if (input.Decision == "approve" && last)
            return await IssueAsync(connection, view, draft, reviewsJson, actor);
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var returned = input.Decision == "return";
        if (!await LetterDrafts.RecordReviewAsync(session, draft.Id, draft.StepsDone, returned ? draft.StepsDone : draft.StepsDone + 1, reviewsJson,
                returned ? LetterDrafts.Returned : LetterDrafts.AwaitingReview, now))
            return new ReviewResult(false, [new FieldError("draft", "该文书稿已由他人处理，请刷新。", "Someone else decided on this draft meanwhile; reload.")], draft, null);
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            RequestId = view.Row.Id, MessageId = $"review:{draft.Id}:{draft.StepsDone}", OccurredAt = now, Actor = actor,
            Activity = returned ? "ReturnLetterDraft" : "ApproveLetterDraft", FromState = view.Row.State, ToState = view.Row.State,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["review"] = new { before = step.ChineseName(), after = returned ? $"退回：{comment}" : "同意" },
            }),
        });
        var updated = draft with { StepsDone = returned ? draft.StepsDone : draft.StepsDone + 1, Reviews = reviewsJson,
            Status = returned ? LetterDrafts.Returned : LetterDrafts.AwaitingReview, UpdatedAt = now };
        if (returned)
            await notices.DraftReturnedAsync(session, updated, actor, comment!, view.State.TrackingNumber, now);
        else
            await notices.DraftWaitsAsync(session, updated, updated.NextStep!.Value, view.State.TrackingNumber, now);
        await transaction.CommitAsync();
        return new ReviewResult(false, [], updated, null);
    }

    /// <summary>签发: the last approval issues the frozen draft through the request's workflow.</summary>
    private async Task<ReviewResult> IssueAsync(System.Data.Common.DbConnection connection, RequestView view, LetterDraftRow draft, string reviewsJson, string actor)
    {
        var facts = JsonSerializer.Deserialize<Dictionary<string, string>>(draft.Facts) ?? [];
        var form = JsonSerializer.Deserialize<LetterForm>(draft.Form) ?? new LetterForm();
        facts["drafted_by"] = draft.DraftedBy;
        facts["review"] = reviewsJson;
        var items = LetterFacts.CorrectionItems(form.Inputs.GetValueOrDefault("input_correction_items"));
        var period = LocalDatePattern.Iso.Parse(form.Inputs.GetValueOrDefault("input_correction_period_ends_on")?.Trim() ?? "");
        var result = await commands.SendAsync(new IssueLetter
        {
            RequestId = view.State.CorrelationId, Actor = actor, FormToken = $"draft:{draft.Id}", Type = draft.Type,
            Outcome = (Domain.Replies.Outcome?)draft.Outcome, Title = draft.Title, Addressee = draft.Addressee, Content = draft.Content,
            Facts = JsonSerializer.Serialize(facts), PrivacyReview = draft.PrivacyReview, ReplacesLetterId = form.Replaces is { Length: > 0 } r ? r : null,
            IssuedOn = ChinaTime.Today(clock), CorrectionItems = items, CorrectionPeriodEndsOn = period.Success ? period.Value : null,
            Reasons = facts.GetValueOrDefault("input_reasons"), DraftId = draft.Id, DraftReviews = reviewsJson,
        });
        if (!result.Accepted)
            return new ReviewResult(false, [new FieldError("draft", $"未能签发：{result.Reason}", $"The letter could not be issued: {result.ReasonEn}")], draft, null);
        var issued = await Letters.FindAsync(connection, result.LetterId!);
        return new ReviewResult(false, [], await LetterDrafts.FindAsync(connection, draft.Id), issued);
    }
}
