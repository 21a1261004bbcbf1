using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Web.Supervision;

/// <summary>The supervisor's header link to 延期审批 with the number of extensions waiting for the decision (Art. 33 ¶2):
/// their own agency's, or every hosted agency's for a supervisor of the platform.</summary>
public sealed class ExtensionBadgeViewComponent(Database database) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var own = UserClaimsPrincipal.AgencyCode();
        await using var connection = await database.OpenAsync();
        return View(await SupervisionReads.CountAwaitingExtensionAsync(connection, own == FirstRun.PlatformAgency ? null : own));
    }
}
