using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>Integrators' API keys, one agency each. A key is shown once when created; only its hash is kept.</summary>
public sealed class ApiKeysModel(Database database, CaseFlow.Web.Security.AdminTrail trail, IClock clock, Lang lang) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? AgencyCode { get; set; }
    public string? NewKey { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Keys = await ApiKeys.AllAsync(connection);
        Agencies = await Persistence.Workplace.Agencies.AllAsync(connection);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        await using var connection = await database.OpenAsync();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
            Error = lang["请填写「名称」（不超过100字）。", "Name is required (at most 100 characters)."];
        else if (await Persistence.Workplace.Agencies.FindAsync(connection, AgencyCode ?? "") is null)
            Error = lang["「机关」无效。", "Agency is not known."];
        if (Error is null)
        {
            NewKey = ApiKeys.NewKey();
            var key = new ApiKey
            {
                Id = Guid.NewGuid().ToString(), AgencyCode = AgencyCode!, Name = Name!.Trim(), KeyHash = ApiKeys.Hash(NewKey), CreatedAt = clock.GetCurrentInstant(),
            };
            await trail.ChangeAsync(AdminActions.ApiKeyCreated, key.Name, $"agency={key.AgencyCode}", (c, t) => ApiKeys.InsertAsync(c, key, t));
        }
        await OnGetAsync();
        return Page();
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
