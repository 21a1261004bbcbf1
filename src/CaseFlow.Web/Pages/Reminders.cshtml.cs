using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages;

/// <summary>督办提醒: the reminders supervisors sent to me as handler (in-app).</summary>
public sealed class RemindersModel(Database database) : PageModel
{
    public IReadOnlyList<Reminder> Reminders { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Reminders = await FollowUpLists.RemindersForAsync(connection, User.AgencyCode(), User.Actor());
    }
}
