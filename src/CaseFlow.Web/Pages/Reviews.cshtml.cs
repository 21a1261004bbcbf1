using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>待审核: the drafts waiting for a review step the signed-in person may take (审核/签发, Art. 45), oldest first,
/// each frozen as it will be issued; approve (at sign-off of a disclosing reply, with the confidentiality checklist, and
/// with a reason for every restriction marking found) or return with a comment.</summary>
public sealed class ReviewsModel(ReviewDesk desk, RequestReader reader, Database database, IClock clock, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<LetterDraftRow> Waiting { get; private set; } = [];
    public IReadOnlyDictionary<string, string> TrackingNumbers { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? ErrorDraftId { get; private set; }
    public string? SentForm => ErrorDraftId;
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;
    public string? Message { get; private set; }
    /// <summary>The decision as sent, kept when it has errors.</summary>
    [BindProperty] public ReviewForm Input { get; set; } = new();

    public sealed class ReviewForm
    {
        public string? Decision { get; set; }
        public string? Comment { get; set; }
        public List<string> Checklist { get; set; } = [];
        public Dictionary<string, string> MarkingReleases { get; set; } = [];
    }

    public string? ErrorFor(string draftId, string field) =>
        ErrorDraftId == draftId && Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public string TimeInReview(LetterDraftRow draft) => lang.Waited(clock.GetCurrentInstant() - draft.SubmittedAt);

    private async Task LoadAsync()
    {
        Waiting = await desk.WaitingForAsync(User.AgencyCode(), User.Actor(), User.Role());
        var numbers = new Dictionary<string, string>();
        foreach (var id in Waiting.Select(d => d.RequestId).Distinct())
            if (await reader.FindAsync(Guid.Parse(id), User.AgencyCode()) is { } view)
                numbers[id] = view.State.TrackingNumber;
        TrackingNumbers = numbers;
    }

    public async Task<IActionResult> OnGetAsync(string? done, string? issued)
    {
        await LoadAsync();
        if (issued is not null)
            Message = lang[$"已签发：{issued}。", $"Issued: {issued}."];
        else if (done is not null)
            Message = lang["已处理。", "Done."];
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(string draftId)
    {
        await using var connection = await database.OpenAsync();
        var draft = await LetterDrafts.FindAsync(connection, draftId);
        if (draft is null || draft.AgencyCode != User.AgencyCode()
            || await reader.FindAsync(Guid.Parse(draft.RequestId), User.AgencyCode()) is not { } view)
            return NotFound();
        // A marking's key is "{file}\n{marking}"; a browser sends a line break in a field name as CR LF (HTML form data
        // set), so the key is brought back to the marking's own before it is looked up.
        var releases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, why) in Input.MarkingReleases)
            releases[key.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')] = why;
        Input.MarkingReleases = releases;
        var result = await desk.DecideAsync(view, draftId, new ReviewInput
        {
            Decision = Input.Decision, Comment = Input.Comment,
            Checklist = ReviewDesk.Checklist.ToDictionary(c => c.Key, c => Input.Checklist.Contains(c.Key)),
            MarkingReleases = Input.MarkingReleases,
        }, User.Actor(), User.Role());
        if (result.Forbidden)
            return Forbid();
        if (result.Errors.Count > 0)
        {
            await LoadAsync();
            (Errors, ErrorDraftId) = (result.Errors, draftId);
            return Page();
        }
        return result.Letter is { } letter ? Redirect($"/Reviews?issued={Uri.EscapeDataString(letter.DocumentNumber)}") : Redirect("/Reviews?done=1");
    }
}
