using System.Globalization;
using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;

namespace CaseFlow.Web.Applicants;

/// <summary>The applicant-side settings of one agency, as they apply now.</summary>
/// <param name="ServiceDate">The date of electronic service (Civil Procedure Law Art. 90 by analogy).</param>
/// <param name="RatingRevisionDays">Calendar days after rating within which the applicant may revise it.</param>
/// <param name="RectificationWorkingDays">Working days to rectify a bad rating (整改).</param>
/// <param name="EmailAccount">Applicants may reach this agency's requests by signing in with their e-mail (one-time code).</param>
public sealed record ApplicantAgencySettings(ServiceDateRule ServiceDate, int RatingRevisionDays, int RectificationWorkingDays, bool EmailAccount);

/// <summary>The installation-wide limits of the applicant's side, as they apply now.</summary>
public sealed record ApplicantInstallationSettings(int ApplyPerAgencyPerHour, int LookupFailuresPerTrackingNumber);

/// <summary>The settings of the applicant's side. Set on /Settings (per agency by its supervisor or an administrator; the
/// installation's row, defaults for every agency and the installation-wide limits, by an administrator), stored in
/// <c>applicant_settings</c>. What is not stored comes from configuration: <c>Applicants:Agencies:{code}:{Name}</c>, then
/// <c>Applicants:{Name}</c> (and <c>RateLimits:{Name}</c> for the limits), then the built-in default. Documented in README
/// (Applicant side).</summary>
public sealed class ApplicantSettings(IConfiguration configuration, Database database)
{
    public const int MinRectificationWorkingDays = 1, MaxRectificationWorkingDays = 60;
    public const int MinRatingRevisionDays = 0, MaxRatingRevisionDays = 365;
    public const int MinLimit = 1, MaxLimit = 100_000;

    private string? Own(string agencyCode, string name) => configuration[$"Applicants:Agencies:{agencyCode}:{name}"] is { Length: > 0 } own ? own : null;

    private string? Installation(string name) => configuration[$"Applicants:{name}"] is { Length: > 0 } value ? value : null;

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool? On(int? stored) => stored is null ? null : stored == 1;

    private static bool? Flag(string? text) => bool.TryParse(text, out var on) ? on : null;

    public static ServiceDateRule? ParseServiceDate(string? text) =>
        Enum.TryParse<ServiceDateRule>(text, out var rule) && Enum.IsDefined(rule) && !int.TryParse(text, out _) ? rule : null;

    /// <summary>Each setting from the first that has it: the agency's stored row, the agency's configuration keys, the
    /// installation's stored row, the installation's configuration keys, the built-in default.</summary>
    private ApplicantAgencySettings Resolve(string? agencyCode, ApplicantSettingsRow? own, ApplicantSettingsRow? installation)
    {
        string? Configured(string name) => (agencyCode is null ? null : Own(agencyCode, name));
        return new(
            ParseServiceDate(own?.ServiceDate) ?? ParseServiceDate(Configured("ServiceDate")) ?? ParseServiceDate(installation?.ServiceDate)
                ?? ParseServiceDate(Installation("ServiceDate")) ?? ServiceDateRule.Placed,
            Math.Clamp(own?.RatingRevisionDays ?? Number(Configured("RatingRevisionDays")) ?? installation?.RatingRevisionDays
                ?? Number(Installation("RatingRevisionDays")) ?? Satisfaction.DefaultRevisionDays, MinRatingRevisionDays, MaxRatingRevisionDays),
            Math.Clamp(own?.RectificationWorkingDays ?? Number(Configured("RectificationWorkingDays")) ?? installation?.RectificationWorkingDays
                ?? Number(Installation("RectificationWorkingDays")) ?? Satisfaction.DefaultRectificationWorkingDays,
                MinRectificationWorkingDays, MaxRectificationWorkingDays),
            On(own?.EmailAccount) ?? Flag(Configured("EmailAccount")) ?? On(installation?.EmailAccount)
                ?? Flag(Installation("EmailAccount")) ?? false);
    }

    /// <summary>The installation's defaults for every agency: its stored row over configuration.</summary>
    public async Task<ApplicantAgencySettings> InstallationDefaultsAsync()
    {
        await using var connection = await database.OpenAsync();
        return Resolve(null, null, await ApplicantSettingsStore.FindAsync(connection, ApplicantSettingsStore.Installation));
    }

    /// <summary>The agency's settings as they apply now (see <see cref="Resolve"/>).</summary>
    public async Task<ApplicantAgencySettings> ForAgencyAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return Resolve(agencyCode, await ApplicantSettingsStore.FindAsync(connection, agencyCode),
            await ApplicantSettingsStore.FindAsync(connection, ApplicantSettingsStore.Installation));
    }

    /// <summary>The agencies whose requests can be reached through the e-mail account.</summary>
    public async Task<Func<string, bool>> EmailAccountAgenciesAsync()
    {
        await using var connection = await database.OpenAsync();
        var installation = await ApplicantSettingsStore.FindAsync(connection, ApplicantSettingsStore.Installation);
        var rows = await ApplicantSettingsStore.EmailAccountRowsAsync(connection);
        return code => rows.TryGetValue(code, out var own) ? own : Resolve(code, null, installation).EmailAccount;
    }

    /// <summary>Whether /My offers the e-mail sign-in at all: the installation or any agency turns the account on.</summary>
    public async Task<bool> EmailSignInOfferedAsync()
    {
        if ((await InstallationDefaultsAsync()).EmailAccount)
            return true;
        await using var connection = await database.OpenAsync();
        if ((await ApplicantSettingsStore.EmailAccountRowsAsync(connection)).Values.Any(on => on))
            return true;
        return configuration.GetSection("Applicants:Agencies").GetChildren().Any(a => Flag(a["EmailAccount"]) == true);
    }

    /// <summary>The installation-wide limits from configuration (<c>RateLimits:{Name}</c>).</summary>
    public ApplicantInstallationSettings LimitsFromConfiguration() => new(
        Math.Clamp(configuration.GetValue("RateLimits:ApplyPerAgencyPerHour", 300), MinLimit, MaxLimit),
        Math.Clamp(configuration.GetValue("RateLimits:LookupFailuresPerTrackingNumber", 10), MinLimit, MaxLimit));

    /// <summary>The installation-wide limits: the installation's stored row over configuration.</summary>
    public async Task<ApplicantInstallationSettings> LimitsAsync()
    {
        var configured = LimitsFromConfiguration();
        await using var connection = await database.OpenAsync();
        var row = await ApplicantSettingsStore.FindAsync(connection, ApplicantSettingsStore.Installation);
        return new(
            row?.ApplyPerAgencyPerHour is { } apply ? Math.Clamp(apply, MinLimit, MaxLimit) : configured.ApplyPerAgencyPerHour,
            row?.LookupFailuresPerTrackingNumber is { } failures ? Math.Clamp(failures, MinLimit, MaxLimit) : configured.LookupFailuresPerTrackingNumber);
    }
}
