using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>接口密钥: an agency's supervisor creates and revokes the keys of the systems that integrate with the agency
/// (issue 13). A key is always the supervisor's own agency's (it acts as a caseworker there, audited as
/// <c>api:&lt;name&gt;</c>); it is shown once when created and only its hash is kept. The administrator, who sees no
/// request content, may only revoke keys (/Admin/ApiKeys).</summary>
public sealed class ApiKeysModel(Database database, AdminTrail trail, IClock clock, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    public string? NewKey { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorFor(string field) => field == "name" ? Error : null;

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        var agency = User.AgencyCode();
        Keys = (await ApiKeys.AllAsync(connection)).Where(k => k.AgencyCode == agency).ToList();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var name = Name?.Trim();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            Error = lang["请填写「名称」（不超过100字）。", "Name is required (at most 100 characters)."];
        if (Error is null)
        {
            NewKey = ApiKeys.NewKey();
            var key = new ApiKey
            {
                Id = Guid.NewGuid().ToString(), AgencyCode = User.AgencyCode(), Name = name!, KeyHash = ApiKeys.Hash(NewKey), CreatedAt = clock.GetCurrentInstant(),
            };
            await trail.ChangeAsync(AdminActions.ApiKeyCreated, key.Name, $"agency={key.AgencyCode}", (c, t) => ApiKeys.InsertAsync(c, key, t));
        }
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        if (await ApiKeys.FindAsync(connection, id) is not { RevokedAt: null } key || key.AgencyCode != User.AgencyCode())
            return NotFound();
        await trail.ChangeAsync(AdminActions.ApiKeyRevoked, key.Name, $"agency={key.AgencyCode}", (c, t) => ApiKeys.RevokeAsync(c, id, clock.GetCurrentInstant(), t));
        return RedirectToPage();
    }
}
