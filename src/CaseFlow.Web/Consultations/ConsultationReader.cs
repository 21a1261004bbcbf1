using CaseFlow.Persistence;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.Infrastructure;

namespace CaseFlow.Web.Consultations;

/// <summary>What a participant sees of one consultation: the question, the request's description with personal data
/// masked, the shared materials (read-only), and what they already answered. <see cref="Participant"/> is who they answer
/// as (their user name, or for a consultation addressed to their agency, the agency's name); <see cref="FromAgency"/> the
/// asking agency's name when it is another agency of the installation (issue 17 item 2).</summary>
public sealed record AdviserView(ConsultationState Consultation, string TrackingNumber, string MaskedDescription, IReadOnlyList<AttachmentInfo> Materials,
    string Participant, string? FromAgency);

/// <summary>One line of 会商待办: the consultation, who the user answers as, and the asking agency when it is another one.</summary>
public sealed record InboxItem(ConsultationState Consultation, string Participant, string? FromAgency);

/// <summary>Reads consultations for people. A participant reaches only consultations that ask them: in their agency,
/// those that invite them by user name; from another agency of the installation, those addressed to their agency (Art. 34)
/// or inviting them by name (issue 17 item 2). Anything else — and the request itself — is not found, whoever asks and
/// however the id was come by.</summary>
public sealed class ConsultationReader(Database database)
{
    /// <summary>会商待办: the consultations that ask <paramref name="userName"/>, open ones first, nearest due date first.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string agencyCode, string userName)
    {
        await using var connection = await database.OpenAsync();
        var own = (await ConsultationStore.ForParticipantAsync(connection, agencyCode, userName)).Select(ConsultationJson.FromRow)
            .Select(c => new InboxItem(c, userName, null));
        var agencies = (await Agencies.AllAsync(connection)).ToDictionary(a => a.Code, a => a.Name);
        var addressed = (await ConsultationStore.AddressedToAsync(connection, agencyCode, userName)).Select(ConsultationJson.FromRow)
            .Where(c => c.ParticipantFor(agencyCode, userName) is not null)
            .Select(c => new InboxItem(c, c.ParticipantFor(agencyCode, userName)!, agencies.GetValueOrDefault(c.AgencyCode, c.AgencyCode)));
        return own.Concat(addressed).DistinctBy(i => i.Consultation.CorrelationId)
            .OrderBy(i => i.Consultation.EndedOn is null ? 0 : 1).ThenBy(i => i.Consultation.WindowDueOn).ToList();
    }

    public async Task<AdviserView?> ForAdviserAsync(Guid id, string agencyCode, string userName)
    {
        await using var connection = await database.OpenAsync();
        ConsultationState consultation;
        string participant;
        string? fromAgency = null;
        if (await ConsultationStore.FindForParticipantAsync(connection, id, agencyCode, userName) is { } own)
            (consultation, participant) = (ConsultationJson.FromRow(own), userName);
        else if (await ConsultationStore.FindAddressedToAsync(connection, id, agencyCode, userName) is { } addressed
                 && ConsultationJson.FromRow(addressed) is var other && other.ParticipantFor(agencyCode, userName) is { } answersAs)
        {
            (consultation, participant) = (other, answersAs);
            fromAgency = (await Agencies.FindAsync(connection, other.AgencyCode))?.Name ?? other.AgencyCode;
        }
        else
            return null;
        var requestRow = await Dapper.SqlMapper.QuerySingleAsync<RequestRow>(connection, RequestStore.SelectById, new { Id = consultation.RequestId.ToString() });
        var request = SagaJson.Deserialize(requestRow.Data);
        var shared = consultation.Materials.Select(m => m.ToString()).ToHashSet();
        var materials = (await Attachments.ForRequestAsync(connection, consultation.RequestId)).Where(a => shared.Contains(a.Id)).ToList();
        return new AdviserView(consultation, request.TrackingNumber, MaskInText(request.Description, request.Applicant), materials, participant, fromAgency);
    }

    /// <summary>The request's consultations as their workflow keeps them (opinions as they arrive).</summary>
    public async Task<IReadOnlyList<ConsultationState>> ForRequestAsync(Guid requestId)
    {
        await using var connection = await database.OpenAsync();
        return (await ConsultationStore.ForRequestAsync(connection, requestId)).Select(ConsultationJson.FromRow).ToList();
    }

    /// <summary>The applicant's name, identity number and phone are not needed to give an opinion: where the description
    /// repeats them, they are masked.</summary>
    public static string MaskInText(string text, Workflows.DisclosureRequest.Applicant applicant)
    {
        var naturalPerson = applicant.Type == Domain.Requests.ApplicantType.NaturalPerson;
        var idNumber = applicant.IdDocument.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        foreach (var (value, masked) in new[]
                 {
                     (applicant.Phone.Trim(), Masking.Phone(applicant.Phone)),
                     (idNumber, Masking.IdDocument(idNumber)),
                     (applicant.Name.Trim(), Masking.Name(applicant.Name, naturalPerson)),
                 })
        {
            if (value.Length > 1)
                text = text.Replace(value, masked, StringComparison.Ordinal);
        }
        return text;
    }
}
