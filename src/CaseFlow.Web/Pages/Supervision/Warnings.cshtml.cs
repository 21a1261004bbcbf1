using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>预警 (Art. 35, Art. 44): high-frequency applicants, many applicants asking for similar information, and
/// large-volume requests, over the requests registered in the look-back period; thresholds from the settings section
/// <c>EarlyWarning</c> (<see cref="EarlyWarningSettings"/>).</summary>
public sealed class WarningsModel(Database database, IClock clock, IConfiguration configuration, CaseFlow.Web.Requests.RequestBatch batch,
    ProactiveDisclosureDesk proactive, Infrastructure.Lang lang) : PageModel, Infrastructure.IFormErrors
{
    /// <summary>What the Art. 35 batch did (要求说明理由), per request; or the field errors, nothing sent.</summary>
    public string? Message { get; private set; }
    public IReadOnlyList<CaseFlow.Web.Requests.FieldError> Errors { get; private set; } = [];
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;
    /// <summary>The alert whose form was sent (its first request), and what it said, kept when it is refused.</summary>
    public string? SentForm { get; private set; }
    public (string? DueOn, string? Grounds) Sent { get; private set; }
    /// <summary>The subject of a refused Art. 44 mark, kept in its form (<c>mark-</c> and the alert's first request).</summary>
    public string? SentSubject { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }

    public SupervisionScope Scope { get; private set; } = null!;
    public EarlyWarningSettings Settings { get; private set; } = new();
    public LocalDate Today { get; private set; }
    public IReadOnlyList<(string AgencyCode, Warning Warning)> Warnings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        // A caseworker reads the alerts of their own agency only (issue 17 item 4), never another's or the platform's view.
        var supervisor = User.IsInRole(CaseFlow.Persistence.Workplace.Roles.Supervisor);
        if (!supervisor && !string.IsNullOrWhiteSpace(Agency) && Agency.Trim() != CaseFlow.Web.Security.CaseFlowClaims.AgencyCode(User))
            return NotFound();
        Scope = supervisor ? await SupervisionScope.ResolveAsync(database, User, Agency) : await OwnAgencyAsync();
        if (!Scope.Found)
            return NotFound();
        Settings = Read(configuration, Scope.AgencyCode);
        Today = ChinaTime.Today(clock);
        var warnings = new List<(string, Warning)>();
        await using var connection = await database.OpenAsync();
        foreach (var agency in Scope.Agencies)
        {
            var settings = Read(configuration, agency.Code);
            var candidates = await CandidatesAsync(connection, agency.Code, settings, Today);
            warnings.AddRange(EarlyWarning.Detect(candidates, Today, settings).Select(w => (agency.Code, w)));
        }
        Warnings = warnings;
        return Page();
    }

    /// <summary>Art. 35 from the alert: ask the applicant of a high-frequency or large-volume warning for the reasons, one
    /// decision for the warning's requests of this agency, one numbered 说明理由通知书 per request (refused unless they are one
    /// applicant's or form one similar-requests group).</summary>
    public async Task<IActionResult> OnPostAskForReasonsAsync(List<Guid> requestIds, string? dueOn, string? grounds)
    {
        var spec = CaseFlow.Web.Requests.RequestActions.Find("reasons-request")!;
        // One numbered 说明理由通知书 per request (the letter is the act); the requests are one applicant's or one group's.
        var decided = await batch.DecideAsync(spec, requestIds, new CaseFlow.Web.Requests.ActionInput { DueOn = dueOn, Reason = grounds }, User, asLetters: true);
        if (decided is null)
            return NotFound();
        Errors = decided.Value.Errors;
        if (Errors.Count > 0)
            (SentForm, Sent) = (requestIds.FirstOrDefault().ToString(), (dueOn, grounds));
        if (Errors.Count == 0)
            Message = string.Join("；", decided.Value.Results.Select(r => r.TrackingNumber + "：" + (r.Accepted
                ? r.DocumentNumber is { } number ? lang[$"已要求说明理由（{number}）", $"reasons asked ({number})"] : lang["已要求说明理由（文书已提交审核）", "reasons asked (letter submitted for review)"]
                : lang[r.Reason ?? "", r.ReasonEn ?? ""])));
        return await OnGetAsync();
    }

    /// <summary>Art. 44 from a similar-requests alert: mark the information for proactive disclosure (the list is
    /// /Requests/ProactiveDisclosure); refused, the alert's form shows the message next to the subject and keeps it.</summary>
    public async Task<IActionResult> OnPostMarkAsync(List<string>? requestIds, string? subject)
    {
        var (mark, error) = await proactive.MarkAsync(User, subject, requestIds);
        if (mark is not null)
            return Redirect($"/Requests/ProactiveDisclosure?marked={mark.Id}");
        (Errors, SentForm, SentSubject) = ([error!], "mark-" + requestIds?.FirstOrDefault(), subject);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await OnGetAsync();
    }

    /// <summary>The requests the early warnings of an agency are detected over: those registered in the look-back period.</summary>
    public static async Task<IReadOnlyList<WarningCandidate>> CandidatesAsync(System.Data.Common.DbConnection connection, string agencyCode,
        EarlyWarningSettings settings, LocalDate today)
    {
        var since = today.PlusDays(-settings.LookBackDays).AtStartOfDayInZone(ChinaTime.Zone).ToInstant();
        var recent = await SupervisionReads.RegisteredSinceAsync(connection, agencyCode, since);
        return recent.Select(r => new WarningCandidate(r.Id, r.TrackingNumber, r.ApplicantName, r.Description,
            r.RegisteredAt.InZone(ChinaTime.Zone).Date)).ToList();
    }

    private async Task<SupervisionScope> OwnAgencyAsync()
    {
        await using var connection = await database.OpenAsync();
        var own = await CaseFlow.Persistence.Workplace.Agencies.FindAsync(connection, CaseFlow.Web.Security.CaseFlowClaims.AgencyCode(User));
        return own is null ? new SupervisionScope(false, false, null, [], []) : new SupervisionScope(true, false, own.Code, [own], [own]);
    }

    /// <summary>The <c>EarlyWarning</c> settings, each named with its unit, overridden for one agency by
    /// <c>EarlyWarning:Agencies:&lt;code&gt;</c>; anything missing or out of range keeps the value before it.</summary>
    public static EarlyWarningSettings Read(IConfiguration configuration, string? agencyCode = null)
    {
        var settings = Apply(new EarlyWarningSettings(), configuration.GetSection("EarlyWarning"));
        return agencyCode is null ? settings : Apply(settings, configuration.GetSection($"EarlyWarning:Agencies:{agencyCode}"));
    }

    private static EarlyWarningSettings Apply(EarlyWarningSettings s, IConfigurationSection section)
    {
        int Int(string key, int fallback) => section.GetValue<int?>(key) is { } v && v > 0 ? v : fallback;
        return s with
        {
            FrequentApplicantMaxRequests = Int(nameof(s.FrequentApplicantMaxRequests), s.FrequentApplicantMaxRequests),
            FrequentApplicantPeriodDays = Int(nameof(s.FrequentApplicantPeriodDays), s.FrequentApplicantPeriodDays),
            SimilarApplicantsAtLeast = Int(nameof(s.SimilarApplicantsAtLeast), s.SimilarApplicantsAtLeast),
            SimilarityThreshold = section.GetValue<double?>(nameof(s.SimilarityThreshold)) is { } t && t is > 0 and <= 1 ? t : s.SimilarityThreshold,
            SimilarPeriodDays = Int(nameof(s.SimilarPeriodDays), s.SimilarPeriodDays),
            LargeVolumeYearsSpanned = Int(nameof(s.LargeVolumeYearsSpanned), s.LargeVolumeYearsSpanned),
            LargeVolumePages = Int(nameof(s.LargeVolumePages), s.LargeVolumePages),
        };
    }
}
