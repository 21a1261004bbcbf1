using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Web.Correspondence;

/// <summary>The letters section of the request page: the letters issued, and the way to the letters page. The caller has
/// already found the request in the user's agency.</summary>
public sealed class LettersViewComponent(Database database) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid requestId)
    {
        await using var connection = await database.OpenAsync();
        var letters = await Letters.ForRequestAsync(connection, requestId);
        return View((requestId, letters));
    }
}
