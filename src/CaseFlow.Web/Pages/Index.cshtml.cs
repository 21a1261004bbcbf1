using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages;

/// <summary>Home: each role lands where its work is.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => User.Role() switch
    {
        Roles.Caseworker or Roles.Supervisor => LocalRedirect("/Workbench"),
        Roles.LegalAdviser => LocalRedirect("/Consultations"),
        Roles.Administrator => LocalRedirect("/Admin/Agencies"),
        _ => Forbid(),
    };
}
