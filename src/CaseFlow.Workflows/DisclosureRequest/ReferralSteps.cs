using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using Dapper;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>转送 (Art. 36(五)): the reply 402 that is served names the competent agency; when that agency is on the
/// installation and the applicant consented, the same step forwards a copy there as a new request.</summary>
public static class ReferralSteps
{
    /// <summary>Records the competent agency the served reply 402 names and, for an agency of the installation, forwards
    /// the copy: a <see cref="RegisterRequest"/> in the outbox, committed with the reply, registered by that agency as its
    /// own request received today (the day it arrives there, Art. 31), with its own clock, linked both ways.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> ForwardToTheCompetentAgency<T>(this EventActivityBinder<DisclosureRequestState, T> binder)
        where T : class, IRequestCommand =>
        binder.ThenAsync(async x =>
        {
            var letter = x.ServedLetter();
            if (letter is not { Outcome: Outcome.CannotProvideNotThisAgency, Referral: { } asked })
                return;
            var db = x.GetPayload<DbSession>();
            var r = x.Saga;
            var now = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
            var agency = asked.AgencyCode is { } code
                ? await db.Connection.QuerySingleOrDefaultAsync<Agency>(Agencies.SelectByCode, new { Code = code }, db.Transaction)
                : null;
            var forwardedOn = agency is null ? (LocalDate?)null : x.Today();
            var newRequestId = agency is null ? (Guid?)null : NewId.NextGuid();
            r.ReferredTo = new Referral(agency?.Code, agency?.Name ?? asked.Named ?? asked.AgencyCode ?? "", newRequestId,
                agency is null ? null : asked.Consent, forwardedOn, letter.DocumentNumber);
            await RequestReferrals.InsertAsync(db, new RequestReferral
            {
                FromRequestId = r.CorrelationId.ToString(), FromAgencyCode = r.AgencyCode, ToAgencyCode = agency?.Code,
                ToAgencyName = r.ReferredTo.AgencyName, ToRequestId = newRequestId?.ToString(), Consent = r.ReferredTo.Consent,
                ForwardedOn = forwardedOn, LetterDocumentNumber = letter.DocumentNumber, RecordedBy = x.Message.Actor, RecordedAt = now,
            });
            if (agency is null)
                return;
            var from = await db.Connection.QuerySingleOrDefaultAsync<Agency>(Agencies.SelectByCode, new { Code = r.AgencyCode }, db.Transaction);
            await OutboxWriter.AddAsync(db, new RegisterRequest
            {
                RequestId = newRequestId!.Value, Actor = x.Message.Actor, AgencyCode = agency.Code,
                ApplicantType = r.Applicant.Type.ToString(), ApplicantName = r.Applicant.Name, ApplicantIdDocument = r.Applicant.IdDocument,
                ApplicantPhone = r.Applicant.Phone, ApplicantEmail = r.Applicant.Email, ApplicantAddress = r.Applicant.Address,
                // Forwarded on the platform: it arrives in the competent agency's office the day it is forwarded.
                Channel = nameof(Domain.Requests.Channel.Online), Description = r.Description, FormOfProvision = r.FormOfProvision,
                Purpose = r.Purpose, ReceivedOn = forwardedOn,
                ReceiptEvidence = $"由{from?.Name ?? r.AgencyCode}转送（原申请编号 {r.TrackingNumber}，答复书 {letter.DocumentNumber}）；申请人同意转送：{asked.Consent}",
                ReferredFromRequestId = r.CorrelationId, ReferredFromAgencyCode = r.AgencyCode, ReferredFromTrackingNumber = r.TrackingNumber,
                ReferredFromLetter = letter.DocumentNumber,
            }, now);
        });
}
