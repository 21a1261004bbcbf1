using CaseFlow.Persistence;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Persistence.Requests;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Consultations;

/// <summary>A legal adviser's consultations: the internal joint consultations (会商) of their agency that name them.</summary>
public sealed class IndexModel(Database database) : PageModel
{
    public IReadOnlyList<(DisclosureRequestState Request, Consultation Consultation)> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = new[] { User.Actor(), User.FindFirst(CaseFlowClaims.DisplayName)?.Value };
        await using var connection = await database.OpenAsync();
        Items = (await RequestList.DataInStateAsync(connection, User.AgencyCode(), "Consulting"))
            .Select(SagaJson.Deserialize)
            .SelectMany(r => r.Consultations.Where(c => c.Kind == ConsultationKind.Internal && c.EndedOn is null && c.Participants.Any(me.Contains))
                .Select(c => (r, c)))
            .ToList();
    }
}
