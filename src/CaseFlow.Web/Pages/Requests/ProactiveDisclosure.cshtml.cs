using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Pages.Requests;

/// <summary>主动公开 (Art. 44, issue 17 item 4): the agency's information marked for proactive disclosure from a group alert —
/// what, by whom, when — and when and where the office published it. Caseworkers and supervisors of the agency; another
/// agency's mark or request is never shown or changed.</summary>
public sealed class ProactiveDisclosureModel(Database database, ProactiveDisclosureDesk desk, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<ProactiveDisclosure> Items { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> TrackingNumbers { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    /// <summary>The mark whose publication form was sent with errors, and what it said.</summary>
    public (string? Id, string? PublishedOn, string? Url) Publication { get; private set; }
    public string? SentForm => Publication.Id;
    public string? Message { get; private set; }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public async Task OnGetAsync(string? marked, string? published)
    {
        if (marked is not null)
            Message = lang["已纳入主动公开范围（第四十四条）。公开后请登记公开日期和网址。", "Marked for proactive disclosure (Art. 44). Record the date and address once published."];
        if (published is not null)
            Message = lang["已登记公开日期和网址；该组申请的答复（已主动公开）将引用此网址。", "Publication recorded; the replies to the group (already public) cite this address."];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var connection = await database.OpenAsync();
        Items = await desk.ListAsync(User.AgencyCode());
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in Items.SelectMany(i => new[] { i.MarkedBy, i.PublishedBy }).OfType<string>().Distinct())
            names[user] = (await Users.FindByNameAsync(connection, user))?.DisplayName ?? user;
        Names = names;
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in Items.SelectMany(i => i.RequestIds).Distinct())
            if (Guid.TryParse(id, out var g) && await SupervisionReads.AgencyOfAsync(connection, g) == User.AgencyCode())
                numbers[id] = await Dapper.SqlMapper.ExecuteScalarAsync<string?>(connection, "SELECT tracking_number FROM requests WHERE id = @Id", new { Id = id }) ?? id;
        TrackingNumbers = numbers;
    }

    /// <summary>From a group alert: marks the information for proactive disclosure, linking the requests of the group (only
    /// the agency's own).</summary>
    public async Task<IActionResult> OnPostMarkAsync(string? subject, List<string>? requestIds)
    {
        var (mark, error) = await desk.MarkAsync(User, subject, requestIds);
        return error is not null ? await FailAsync(error) : Redirect($"/Requests/ProactiveDisclosure?marked={mark!.Id}");
    }

    /// <summary>Records when and where the office published the information (a date and an http(s) address).</summary>
    public async Task<IActionResult> OnPostPublishAsync(string? id, string? publishedOn, string? url)
    {
        Publication = (id, publishedOn, url);
        var (found, error) = await desk.PublishAsync(User, id, publishedOn, url);
        if (!found)
            return NotFound();
        return error is not null ? await FailAsync(error) : Redirect($"/Requests/ProactiveDisclosure?published={id}");
    }

    private async Task<IActionResult> FailAsync(FieldError error)
    {
        Errors = [error];
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
