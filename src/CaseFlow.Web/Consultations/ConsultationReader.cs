using CaseFlow.Persistence;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.Infrastructure;

namespace CaseFlow.Web.Consultations;

/// <summary>What a legal adviser sees of one consultation: the question, the request's description with personal data
/// masked, the shared materials (read-only), and what they already answered.</summary>
public sealed record AdviserView(ConsultationState Consultation, string TrackingNumber, string MaskedDescription, IReadOnlyList<AttachmentInfo> Materials);

/// <summary>Reads consultations for people. An adviser reaches only consultations that invite them, in their agency;
/// anything else is not found, whoever asks and however the id was come by.</summary>
public sealed class ConsultationReader(Database database)
{
    /// <summary>会商待办: the consultations that invite <paramref name="userName"/>, open ones first, nearest due date first.</summary>
    public async Task<IReadOnlyList<ConsultationState>> InboxAsync(string agencyCode, string userName)
    {
        await using var connection = await database.OpenAsync();
        return (await ConsultationStore.ForParticipantAsync(connection, agencyCode, userName)).Select(ConsultationJson.FromRow).ToList();
    }

    public async Task<AdviserView?> ForAdviserAsync(Guid id, string agencyCode, string userName)
    {
        await using var connection = await database.OpenAsync();
        var row = await ConsultationStore.FindForParticipantAsync(connection, id, agencyCode, userName);
        if (row is null)
            return null;
        var consultation = ConsultationJson.FromRow(row);
        var requestRow = await Dapper.SqlMapper.QuerySingleAsync<RequestRow>(connection, RequestStore.SelectById, new { Id = row.RequestId });
        var request = SagaJson.Deserialize(requestRow.Data);
        var shared = consultation.Materials.Select(m => m.ToString()).ToHashSet();
        var materials = (await Attachments.ForRequestAsync(connection, consultation.RequestId)).Where(a => shared.Contains(a.Id)).ToList();
        return new AdviserView(consultation, request.TrackingNumber, MaskInText(request.Description, request.Applicant), materials);
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
