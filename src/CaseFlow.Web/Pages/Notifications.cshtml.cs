using CaseFlow.Persistence;
using CaseFlow.Persistence.Notifications;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>The signed-in user's notices (invitations, reminders, overdue consultations), newest first; only their own.</summary>
public sealed class NotificationsModel(Database database, IClock clock) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Items = await NotificationStore.ForUserAsync(connection, User.Actor(), User.AgencyCode());
    }

    /// <summary>The header's badges alone (通知, and 待审核 / 延期审批 by role), for the page script to refresh them in place.</summary>
    public PartialViewResult OnGetBadges() => Partial("_Badges");

    public async Task<IActionResult> OnPostReadAsync()
    {
        await using var connection = await database.OpenAsync();
        await NotificationStore.MarkAllReadAsync(connection, User.Actor(), User.AgencyCode(), clock.GetCurrentInstant());
        return Redirect("/Notifications");
    }
}
