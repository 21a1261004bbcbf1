using CaseFlow.Domain.Applicants;

namespace CaseFlow.Web.Applicants;

/// <summary>The agency settings of the applicant's side, read from configuration: <c>Applicants:{Name}</c> for the
/// installation, overridden per agency by <c>Applicants:Agencies:{code}:{Name}</c>. Documented in README (Applicant side).</summary>
public sealed class ApplicantSettings(IConfiguration configuration)
{
    private string? Get(string agencyCode, string name) =>
        configuration[$"Applicants:Agencies:{agencyCode}:{name}"] is { Length: > 0 } own ? own : configuration[$"Applicants:{name}"];

    private int Number(string agencyCode, string name, int fallback) =>
        int.TryParse(Get(agencyCode, name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary><c>ServiceDate</c>: <c>Placed</c> (default: the day the letter reaches the applicant's space) or
    /// <c>FirstDownload</c> (the day the applicant first downloads it).</summary>
    public ServiceDateRule ServiceDate(string agencyCode) =>
        Enum.TryParse<ServiceDateRule>(Get(agencyCode, "ServiceDate"), out var rule) && Enum.IsDefined(rule) ? rule : ServiceDateRule.Placed;

    /// <summary><c>RectificationWorkingDays</c>: working days to rectify a bad rating (default 15).</summary>
    public int RectificationWorkingDays(string agencyCode) =>
        Math.Clamp(Number(agencyCode, "RectificationWorkingDays", Satisfaction.DefaultRectificationWorkingDays), 1, 60);

    /// <summary><c>RatingRevisionDays</c>: calendar days after rating within which the applicant may revise it (default 15).</summary>
    public int RatingRevisionDays(string agencyCode) => Math.Clamp(Number(agencyCode, "RatingRevisionDays", Satisfaction.DefaultRevisionDays), 0, 365);

    /// <summary><c>RateLimits:ApplyPerAgencyPerHour</c>: online applications one agency accepts per hour (default 300).</summary>
    public int ApplyPerAgencyPerHour => Math.Max(1, configuration.GetValue("RateLimits:ApplyPerAgencyPerHour", 300));

    /// <summary><c>RateLimits:LookupFailuresPerTrackingNumber</c>: wrong access codes per tracking number per hour (default 10).</summary>
    public int LookupFailuresPerTrackingNumber => Math.Max(1, configuration.GetValue("RateLimits:LookupFailuresPerTrackingNumber", 10));
}
