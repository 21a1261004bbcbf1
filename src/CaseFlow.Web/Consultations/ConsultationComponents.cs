using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Web.Consultations;

/// <summary>The request page's consultations, as their workflow keeps them: participants, window, opinions as they
/// arrive (with who entered them), reminders, and how each ended.</summary>
public sealed class RequestConsultationsViewComponent(ConsultationReader reader) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid requestId) => View(await reader.ForRequestAsync(requestId));
}

/// <summary>The choices of the consultation form on the request page: the agency's legal advisers to invite, the other
/// agencies of the installation an other-agency consultation may be addressed to (Art. 34), colleagues of those agencies
/// to invite to an internal joint consultation (issue 17 item 2), and the request's files to share.</summary>
public sealed class ConsultationChoicesViewComponent(Database database) : ViewComponent
{
    /// <summary>The advisers, materials, agencies and colleagues offered, and those already chosen (kept when the form
    /// comes back with an error).</summary>
    public sealed record Choices(IReadOnlyList<UserAccount> Advisers, IReadOnlyList<AttachmentInfo> Attachments,
        IReadOnlyList<Agency> OtherAgencies, IReadOnlyList<UserAccount> Colleagues)
    {
        public IReadOnlyCollection<string> ChosenAdvisers { get; init; } = [];
        public IReadOnlyCollection<string> ChosenMaterials { get; init; } = [];
    }

    public async Task<IViewComponentResult> InvokeAsync(Guid requestId, Requests.ActionInput? chosen)
    {
        await using var connection = await database.OpenAsync();
        var own = UserClaimsPrincipal.AgencyCode();
        var advisers = (await Users.InAgencyAsync(connection, own))
            .Where(u => u.Role == Roles.LegalAdviser && !u.Disabled).ToList();
        var others = (await Agencies.AllAsync(connection)).Where(a => a.Code != own).ToList();
        var colleagues = (await Users.AllAsync(connection))
            .Where(u => u.AgencyCode != own && !u.Disabled && u.Role is Roles.Caseworker or Roles.LegalAdviser or Roles.Supervisor).ToList();
        return View(new Choices(advisers, await Attachments.ForRequestAsync(connection, requestId), others, colleagues)
        {
            ChosenAdvisers = chosen?.Advisers ?? [], ChosenMaterials = chosen?.Materials ?? [],
        });
    }
}
