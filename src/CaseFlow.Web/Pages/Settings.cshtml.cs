using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>机关设置: an agency's review of letters before issue (审核/签发, Art. 45: replies need none, single or double
/// review; other letters likewise; optionally a legal adviser's review of every adverse reply; the agency's own
/// restriction markings added to the scan). Its supervisors set their own agency (a platform supervisor one of the hosted
/// agencies), administrators any agency. The applicant's side (网上送达 date, rating revision, rectification period, the
/// e-mail account) likewise per agency; its installation-wide defaults and limits by administrators only. Every change
/// goes into the administration trail with the change itself.</summary>
public sealed class SettingsModel(Database database, AdminTrail trail, Lang lang, ApplicantSettings applicantSettings, IClock clock) : PageModel, IFormErrors
{
    public const int MaxMarkings = 50;
    public const int MaxMarkingLength = 30;

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty] public ReviewInput Review { get; set; } = new();
    [BindProperty] public ApplicantInput Applicant { get; set; } = new();
    [BindProperty] public InstallationInput Installation { get; set; } = new();

    public IReadOnlyList<Agency> Choices { get; private set; } = [];
    public Agency? Current { get; private set; }
    public ReviewSettings Stored { get; private set; } = ReviewSettings.Default;
    public List<FieldError> Errors { get; } = [];
    public bool Saved { get; private set; }
    public ApplicantAgencySettings ApplicantNow { get; private set; } = null!;
    public ApplicantAgencySettings InstallationNow { get; private set; } = null!;
    public ApplicantInstallationSettings LimitsNow { get; private set; } = null!;
    public bool IsAdministrator => User.Role() == Roles.Administrator;

    /// <summary>The applicant-side settings of one agency (strings, so that what was typed comes back with its error).</summary>
    public class ApplicantInput
    {
        public string? ServiceDate { get; set; }
        public string? RatingRevisionDays { get; set; }
        public string? RectificationWorkingDays { get; set; }
        public bool EmailAccount { get; set; }
    }

    /// <summary>The installation's defaults for every agency and its limits (administrators).</summary>
    public sealed class InstallationInput : ApplicantInput
    {
        public string? ApplyPerAgencyPerHour { get; set; }
        public string? LookupFailuresPerTrackingNumber { get; set; }
    }

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
        ApplicantNow = await applicantSettings.ForAgencyAsync(Current.Code);
        InstallationNow = await applicantSettings.InstallationDefaultsAsync();
        LimitsNow = await applicantSettings.LimitsAsync();
        return true;
    }

    private void FillReview() => Review = new ReviewInput
    {
        Replies = Stored.Replies.Slug(), OtherLetters = Stored.OtherLetters.Slug(), LegalReviewOfAdverse = Stored.LegalReviewOfAdverse,
        ExtraMarkings = string.Join("\n", Stored.ExtraMarkings),
    };

    private static void Fill(ApplicantInput input, ApplicantAgencySettings now)
    {
        input.ServiceDate = now.ServiceDate.ToString();
        input.RatingRevisionDays = now.RatingRevisionDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        input.RectificationWorkingDays = now.RectificationWorkingDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        input.EmailAccount = now.EmailAccount;
    }

    private void FillApplicant() => Fill(Applicant, ApplicantNow);

    private void FillInstallation()
    {
        Fill(Installation, InstallationNow);
        Installation.ApplyPerAgencyPerHour = LimitsNow.ApplyPerAgencyPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Installation.LookupFailuresPerTrackingNumber = LimitsNow.LookupFailuresPerTrackingNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A whole number within bounds, or an error naming the field.</summary>
    private int? Whole(string? text, int min, int max, string field, string zh, string en)
    {
        if (int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        Errors.Add(new FieldError(field, $"「{zh}」须为{min}至{max}之间的整数。", $"{en} must be a whole number from {min} to {max}."));
        return null;
    }

    /// <summary>Checks the applicant-side fields; null while any is wrong (each named in <see cref="Errors"/>).</summary>
    private (ServiceDateRule Rule, int Revision, int Rectification)? Check(ApplicantInput input, string prefix)
    {
        var rule = ApplicantSettings.ParseServiceDate(input.ServiceDate);
        if (rule is null)
            Errors.Add(new FieldError(prefix + "serviceDate", "请选择「网上送达的送达日期」。", "Choose the date of electronic service."));
        var revision = Whole(input.RatingRevisionDays, ApplicantSettings.MinRatingRevisionDays, ApplicantSettings.MaxRatingRevisionDays,
            prefix + "ratingRevisionDays", "可修改评价的期限（日）", "The rating revision period (days)");
        var rectification = Whole(input.RectificationWorkingDays, ApplicantSettings.MinRectificationWorkingDays, ApplicantSettings.MaxRectificationWorkingDays,
            prefix + "rectificationWorkingDays", "差评整改期限（工作日）", "The rectification period (working days)");
        return rule is null || revision is null || rectification is null ? null : (rule.Value, revision.Value, rectification.Value);
    }

    private static string Describe(ServiceDateRule rule, int revision, int rectification, bool email) =>
        $"service date={rule}; rating revision days={revision}; rectification working days={rectification}; e-mail account={(email ? "on" : "off")}";

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        if (!await LoadAsync())
            return NotFound();
        Saved = saved;
        FillReview();
        FillApplicant();
        FillInstallation();
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
        {
            FillApplicant();
            FillInstallation();
            return Page();
        }
        var settings = new ReviewSettings(replies!.Value, others!.Value, Review.LegalReviewOfAdverse, markings);
        var details = $"replies={settings.Replies.Slug()}; other letters={settings.OtherLetters.Slug()}; legal review of adverse replies=" +
            $"{(settings.LegalReviewOfAdverse ? "yes" : "no")}; extra markings={string.Join("、", markings)}";
        var code = Current!.Code;
        await trail.ChangeAsync(AdminActions.ReviewSettingsChanged, code, details,
            (c, t) => ReviewSettingsStore.SetAsync(new DbSession(c, t, database.Dialect), code, settings));
        return RedirectToPage(new { agency = code, saved = true });
    }

    /// <summary>The agency's applicant-side settings: stored as the agency's row, in the trail as
    /// <c>applicant-settings-changed</c>.</summary>
    public async Task<IActionResult> OnPostApplicantAsync()
    {
        if (!await LoadAsync())
            return NotFound();
        var checkedInput = Check(Applicant, "");
        if (checkedInput is not { } ok)
        {
            FillReview();
            FillInstallation();
            return Page();
        }
        var code = Current!.Code;
        var row = new ApplicantSettingsRow
        {
            AgencyCode = code, ServiceDate = ok.Rule.ToString(), RatingRevisionDays = ok.Revision, RectificationWorkingDays = ok.Rectification,
            EmailAccount = Applicant.EmailAccount ? 1 : 0, UpdatedAt = clock.GetCurrentInstant(), UpdatedBy = User.Actor(),
        };
        await trail.ChangeAsync(AdminActions.ApplicantSettingsChanged, code, Describe(ok.Rule, ok.Revision, ok.Rectification, Applicant.EmailAccount),
            (c, t) => ApplicantSettingsStore.SetAsync(new DbSession(c, t, database.Dialect), row));
        return RedirectToPage(null, null, new { agency = code, saved = true }, "applicant");
    }

    /// <summary>The installation's defaults for agencies without their own row, and the installation-wide limits:
    /// administrators only.</summary>
    public async Task<IActionResult> OnPostInstallationAsync()
    {
        if (!IsAdministrator)
            return Forbid();
        if (!await LoadAsync())
            return NotFound();
        var checkedInput = Check(Installation, "installation.");
        var apply = Whole(Installation.ApplyPerAgencyPerHour, ApplicantSettings.MinLimit, ApplicantSettings.MaxLimit, "installation.applyPerAgencyPerHour",
            "每个机关每小时可受理的网上申请数", "Online applications per agency per hour");
        var failures = Whole(Installation.LookupFailuresPerTrackingNumber, ApplicantSettings.MinLimit, ApplicantSettings.MaxLimit,
            "installation.lookupFailuresPerTrackingNumber", "每个受理编号每小时允许输错查询码的次数", "Wrong access codes per tracking number per hour");
        if (checkedInput is not { } ok || apply is null || failures is null)
        {
            FillReview();
            FillApplicant();
            return Page();
        }
        var row = new ApplicantSettingsRow
        {
            AgencyCode = ApplicantSettingsStore.Installation, ServiceDate = ok.Rule.ToString(), RatingRevisionDays = ok.Revision,
            RectificationWorkingDays = ok.Rectification, EmailAccount = Installation.EmailAccount ? 1 : 0, ApplyPerAgencyPerHour = apply,
            LookupFailuresPerTrackingNumber = failures, UpdatedAt = clock.GetCurrentInstant(), UpdatedBy = User.Actor(),
        };
        await trail.ChangeAsync(AdminActions.ApplicantSettingsChanged, ApplicantSettingsStore.Installation,
            $"installation defaults: {Describe(ok.Rule, ok.Revision, ok.Rectification, Installation.EmailAccount)}; apply per agency per hour={apply}; " +
            $"wrong access codes per tracking number per hour={failures}",
            (c, t) => ApplicantSettingsStore.SetAsync(new DbSession(c, t, database.Dialect), row));
        return RedirectToPage(null, null, new { agency = Current!.Code, saved = true }, "installation");
    }
}
