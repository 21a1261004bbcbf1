using System.Security.Claims;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;

namespace CaseFlow.Web.Supervision;

/// <summary>Which agencies a supervisor's page covers: the supervisor's own agency; a supervisor of the platform agency
/// (the platform's competent department) sees every agency, or one chosen with <c>?agency=</c>. Another agency asked for
/// by a supervisor who may not see it is not found (404), so its existence is not revealed.</summary>
public sealed record SupervisionScope(bool Found, bool Platform, string? AgencyCode, IReadOnlyList<Agency> Agencies, IReadOnlyList<Agency> Choices)
{
    /// <summary>One agency's code, or null for all agencies (platform only).</summary>
    public string? AgencyCode { get; } = AgencyCode;

    public IReadOnlySet<string> Codes => Agencies.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);

    public static async Task<SupervisionScope> ResolveAsync(Database database, ClaimsPrincipal user, string? agency)
    {
        await using var connection = await database.OpenAsync();
        var all = await CaseFlow.Persistence.Workplace.Agencies.AllAsync(connection);
        var own = user.AgencyCode();
        var platform = own == FirstRun.PlatformAgency;
        var asked = string.IsNullOrWhiteSpace(agency) ? null : agency.Trim();
        if (!platform)
        {
            var mine = all.Where(a => a.Code == own).ToList();
            return asked is null || asked == own
                ? new SupervisionScope(mine.Count == 1, false, own, mine, mine)
                : new SupervisionScope(false, false, null, [], []);
        }
        var hosted = all.Where(a => a.Code != FirstRun.PlatformAgency).ToList();
        if (asked is null)
            return new SupervisionScope(true, true, null, hosted, hosted);
        var chosen = hosted.Where(a => a.Code == asked).ToList();
        return new SupervisionScope(chosen.Count == 1, true, asked, chosen, hosted);
    }
}
