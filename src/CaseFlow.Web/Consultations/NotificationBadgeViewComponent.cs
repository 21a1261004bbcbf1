using CaseFlow.Persistence;
using CaseFlow.Persistence.Notifications;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Web.Consultations;

/// <summary>The header's link to the signed-in user's notices, with the number unread.</summary>
public sealed class NotificationBadgeViewComponent(Database database) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        await using var connection = await database.OpenAsync();
        return View(await NotificationStore.UnreadAsync(connection, UserClaimsPrincipal.Actor(), UserClaimsPrincipal.AgencyCode()));
    }
}
