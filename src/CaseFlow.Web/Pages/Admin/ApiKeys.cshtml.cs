using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>Integrators' API keys, one agency each. The administrator sees no request content and so creates no key (a key
/// acts as a caseworker): an agency's supervisor creates them (/Supervision/ApiKeys); here they may only be revoked.</summary>
public sealed class ApiKeysModel(Database database, CaseFlow.Web.Security.AdminTrail trail, IClock clock) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Keys = await ApiKeys.AllAsync(connection);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        if (await ApiKeys.FindAsync(connection, id) is not { RevokedAt: null } key)
            return NotFound();
        await trail.ChangeAsync(AdminActions.ApiKeyRevoked, key.Name, $"agency={key.AgencyCode}", (c, t) => ApiKeys.RevokeAsync(c, id, clock.GetCurrentInstant(), t));
        return RedirectToPage();
    }
}
