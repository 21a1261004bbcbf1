using CaseFlow.Persistence;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Consultations;

/// <summary>A legal adviser's consultations: the internal joint consultations (会商) of their agency that name them.</summary>
public sealed class IndexModel(Database database) : PageModel
{
    public const string SelectConsulting = "SELECT data FROM requests WHERE agency_code = @AgencyCode AND state = 'Consulting'";

    public IReadOnlyList<(DisclosureRequestState Request, Consultation Consultation)> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = new[] { User.Actor(), User.FindFirst(CaseFlowClaims.DisplayName)?.Value };
        await using var connection = await database.OpenAsync();
        Items = (await connection.QueryAsync<string>(SelectConsulting, new { AgencyCode = User.AgencyCode() }))
            .Select(SagaJson.Deserialize)
            .SelectMany(r => r.Consultations.Where(c => c.Kind == ConsultationKind.Internal && c.EndedOn is null && c.Participants.Any(me.Contains))
                .Select(c => (r, c)))
            .ToList();
    }
}
