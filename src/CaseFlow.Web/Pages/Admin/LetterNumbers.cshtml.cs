using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>文号前缀: the prefix each agency's document numbers start with, e.g. 示府办依公开 in 示府办依公开〔2026〕答第1号.</summary>
public sealed class LetterNumbersModel(Database database, CaseFlow.Web.Security.AdminTrail trail, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Prefixes { get; private set; } = new Dictionary<string, string>();
    [BindProperty] public string? AgencyCode { get; set; }
    [BindProperty] public string? Prefix { get; set; }
    public FormErrors Errors { get; } = new();
    public string? ErrorFor(string field) => Errors[field];

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Agencies = await Persistence.Workplace.Agencies.AllAsync(connection);
        Prefixes = await Letters.PrefixesAsync(connection);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await OnGetAsync();
        var prefix = Prefix?.Trim() ?? "";
        if (Agencies.All(a => a.Code != AgencyCode))
            Errors.Add("agencyCode", lang["请选择机关。", "Choose an agency."]);
        if (prefix.Length > 30 || prefix.Any(c => c is '〔' or '〕' or '[' or ']' or '#' or '<' or '>' || char.IsControl(c) || char.IsWhiteSpace(c)))
            Errors.Add("prefix", lang["「文号前缀」不超过30字，不含空格、括号〔〕或 # < > 符号。", "The prefix is at most 30 characters, without spaces, brackets or # < >."]);
        if (Errors.Any)
            return Page();
        await trail.ChangeAsync(AdminActions.LetterPrefixChanged, AgencyCode!, prefix.Length == 0 ? "no prefix" : $"prefix={prefix}",
            (c, t) => Letters.SetPrefixAsync(new DbSession(c, t, database.Dialect), AgencyCode!, prefix));
        return RedirectToPage();
    }
}
