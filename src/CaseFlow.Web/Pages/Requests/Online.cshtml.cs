using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseFlow.Web.Pages.Requests;

/// <summary>网上申请 (staff): the agency's online applications, newest first, with the form's extra fields, the flag of a
/// near-duplicate from the same applicant, consent to electronic service, and the issued letters to place in the
/// applicant's space (网上送达). Casework only (the folder's policy); only the user's own agency.</summary>
public sealed class OnlineModel(Database database, RequestReader reader, ElectronicService service, Lang lang) : PageModel
{
    public sealed record Row(ApplicantAccess Access, string State, string ApplicantName, bool Natural, IReadOnlyDictionary<string, string> Details,
        IReadOnlyList<(IssuedLetter Letter, Delivery? Delivery)> Letters);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public async Task OnGetAsync(string? placed)
    {
        if (placed is not null)
            Message = lang["已置于申请人空间并通知申请人。", "Placed in the applicant's space; the applicant was notified."];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var connection = await database.OpenAsync();
        var rows = new List<Row>();
        foreach (var access in await ApplicantStore.AccessForAgencyAsync(connection, User.AgencyCode(), 200))
        {
            var request = await connection.QuerySingleOrDefaultAsync<(string State, string ApplicantName, int ApplicantType)>(
                "SELECT state, applicant_name, applicant_type FROM requests WHERE id = @Id", new { Id = access.RequestId });
            if (request.State is null)
                continue;
            var deliveries = (await ApplicantStore.DeliveriesAsync(connection, access.RequestId)).ToDictionary(d => d.LetterId);
            var letters = (await Letters.ForRequestAsync(connection, Guid.Parse(access.RequestId)))
                .Select(l => (l, deliveries.GetValueOrDefault(l.Id))).ToList();
            var details = access.Details is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : [];
            rows.Add(new Row(access, request.State, request.ApplicantName, request.ApplicantType == 1, details, letters));
        }
        Rows = rows;
    }

    /// <summary>网上送达 of one issued letter.</summary>
    public async Task<IActionResult> OnPostPlaceAsync(Guid id, string letterId)
    {
        if (await reader.FindAsync(id, User.AgencyCode()) is not { } view)
            return NotFound();
        Errors = await service.PlaceAsync(view, letterId, User.Actor());
        if (Errors.Count == 0)
            return Redirect("/Requests/Online?placed=1");
        await LoadAsync();
        return Page();
    }
}
