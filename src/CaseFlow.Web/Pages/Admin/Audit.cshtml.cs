using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>The administration trail, newest first: agencies, users, API keys, password resets and sign-in lockouts.</summary>
public sealed class AuditModel(Database database) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<AdminAuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Entries = await AdminAudit.RecentAsync(connection, database.Dialect.Page, Shown);
    }
}
