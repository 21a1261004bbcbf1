using CaseFlow.Web.Consultations;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Consultations;

/// <summary>会商待办: the consultations that ask the signed-in user — those of their agency that invite them by user name,
/// and from other agencies of the installation those addressed to their agency (Art. 34) or inviting them by name (issue
/// 17 item 2); open ones first with the nearest due date first. Nothing else is listed.</summary>
public sealed class IndexModel(ConsultationReader reader) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public async Task OnGetAsync() => Items = await reader.InboxAsync(User.AgencyCode(), User.Actor());
}
