using CaseFlow.Web.Consultations;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Consultations;

/// <summary>会商待办: a legal adviser's consultations — those that invite them by user name, in their agency, open ones
/// first with the nearest due date first. Nothing else of the agency is listed.</summary>
public sealed class IndexModel(ConsultationReader reader) : PageModel
{
    public IReadOnlyList<ConsultationState> Items { get; private set; } = [];

    public async Task OnGetAsync() => Items = await reader.InboxAsync(User.AgencyCode(), User.Actor());
}
