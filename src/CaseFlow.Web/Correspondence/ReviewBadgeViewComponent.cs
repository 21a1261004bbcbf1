using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Web.Correspondence;

/// <summary>The header's link to the review queue (审核/签发), with the number of drafts waiting for the signed-in user.</summary>
public sealed class ReviewBadgeViewComponent(ReviewDesk desk) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View((long)(await desk.WaitingForAsync(UserClaimsPrincipal.AgencyCode(), UserClaimsPrincipal.Actor(), UserClaimsPrincipal.Role())).Count);
}
