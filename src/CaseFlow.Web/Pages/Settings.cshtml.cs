using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages;

/// <summary>机关设置: an agency's review of letters before issue (审核/签发, Art. 45: replies need none, single or double
/// review; other letters likewise; optionally a legal adviser's review of every adverse reply; the agency's own
/// restriction markings added to the scan). Its supervisors set their own agency (a platform supervisor one of the hosted
/// agencies), administrators any agency. Every change goes into the administration trail with the change itself.</summary>
public sealed class SettingsModel(Database database, AdminTrail trail, Lang lang) : PageModel, IFormErrors
{
    public const int MaxMarkings = 50;
    public const int MaxMarkingLength = 30;

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty] public ReviewInput Review { get; set; } = new();

    public IReadOnlyList<Agency> Choices { get; private set; } = [];
    public Agency? Current { get; private set; }
    public ReviewSettings Stored { get; private set; } = ReviewSettings.Default;
    public List<FieldError> Errors { get; } = [];
    public bool Saved { get; private set; }

    public sealed class ReviewInput
    {
        public string? Replies { get; set; }
        public string? OtherLetters { get; set; }
        public bool LegalReviewOfAdverse { get; set; }
        public string? ExtraMarkings { get; set; }
    }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    /// <summary>The agencies this user may set: an administrator every agency; a supervisor their own (a platform
    /// supervisor each hosted agency). Another agency asked for is not found.</summary>
    private async Task<bool> LoadAsync()
    {
        if (User.Role() == Roles.Administrator)
        {
            await using var connection = await database.OpenAsync();
            Choices = await CaseFlow.Persistence.Workplace.Agencies.AllAsync(connection);
        }
        else
        {
            var scope = await SupervisionScope.ResolveAsync(database, User, null);
            Choices = scope.Choices;
        }
        var asked = string.IsNullOrWhiteSpace(Agency) ? null : Agency.Trim();
        Current = asked is null
            ? Choices.FirstOrDefault(a => a.Code == User.AgencyCode()) ?? Choices.FirstOrDefault()
            : Choices.FirstOrDefault(a => a.Code == asked);
        if (Current is null)
            return false;
        await using (var connection = await database.OpenAsync())
            Stored = await ReviewSettingsStore.ForAsync(connection, Current.Code);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        if (!await LoadAsync())
            return NotFound();
        Saved = saved;
        Review = new ReviewInput
        {
            Replies = Stored.Replies.Slug(), OtherLetters = Stored.OtherLetters.Slug(), LegalReviewOfAdverse = Stored.LegalReviewOfAdverse,
            ExtraMarkings = string.Join("\n", Stored.ExtraMarkings),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostReviewAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        var replies = ReviewPlan.ModeFromSlug(Review.Replies);
        if (replies is null)
            Errors.Add(new FieldError("replies", "请选择「答复书的审核」。", "Choose how replies are reviewed."));
        var others = ReviewPlan.ModeFromSlug(Review.OtherLetters);
        if (others is null)
            Errors.Add(new FieldError("otherLetters", "请选择「其他文书的审核」。", "Choose how other letters are reviewed."));
        var markings = (Review.ExtraMarkings ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (markings.Count > MaxMarkings || markings.Any(m => m.Length > MaxMarkingLength || m.Any(char.IsControl)))
            Errors.Add(new FieldError("extraMarkings", $"「本机关增加的密级和限制标识」最多{MaxMarkings}行，每行不超过{MaxMarkingLength}字。",
                $"At most {MaxMarkings} markings, each at most {MaxMarkingLength} characters."));
        if (Errors.Count > 0)
            return Page();
        var settings = new ReviewSettings(replies!.Value, others!.Value, Review.LegalReviewOfAdverse, markings);
        var details = $"replies={settings.Replies.Slug()}; other letters={settings.OtherLetters.Slug()}; legal review of adverse replies=" +
            $"{(settings.LegalReviewOfAdverse ? "yes" : "no")}; extra markings={string.Join("、", markings)}";
        var code = Current!.Code;
        await trail.ChangeAsync(AdminActions.ReviewSettingsChanged, code, details,
            (c, t) => ReviewSettingsStore.SetAsync(new DbSession(c, t, database.Dialect), code, settings));
        return RedirectToPage(new { agency = code, saved = true });
    }
}
