using CaseFlow.Domain.RecordCorrections;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>The command guards of the correction workflow: the domain's rule (<see cref="RecordCorrectionRule"/>) applied
/// to the command, as a refusal the sender shows; null when the act may happen now.</summary>
public static class RecordCorrectionRules
{
    private static Refusal? Of(CorrectionRefusal? r) => r is null ? null : new Refusal($"{r.Field}: {r.Zh}", $"{r.Field}: {r.En}");

    public static Refusal? Register(RegisterRecordCorrection m, LocalDate today) =>
        string.IsNullOrWhiteSpace(m.AgencyCode) ? new Refusal("agencyCode: 缺少行政机关。", "agencyCode: no agency.")
        : Of(RecordCorrectionRule.RefuseRegistration(m.ApplicantName, m.ApplicantIdDocument, m.ApplicantContact, m.Record, m.Evidence, m.ReceivedOn, today));

    /// <summary>Art. 41: a referral names the agency with the power: one of the installation's (by code, found in the same
    /// transaction) or one typed outside it.</summary>
    public static Refusal? Decide(RecordCorrectionState s, DecideRecordCorrection m, LocalDate today)
    {
        if (m.Outcome == RecordCorrectionOutcome.Referred && m.CompetentAgencyCode is { Length: > 0 } code)
        {
            if (s.ChosenAgencyName is null)
                return new Refusal($"competentAgency: 行政机关「{code}」不在本平台。", $"competentAgency: agency '{code}' is not on this platform.");
            if (code == s.AgencyCode)
                return new Refusal("competentAgency: 不能转送本机关。", "competentAgency: cannot refer to this agency itself.");
        }
        var agency = m.CompetentAgencyCode is { Length: > 0 } ? s.ChosenAgencyName : m.CompetentAgencyName;
        if (Of(RecordCorrectionRule.RefuseDecision(m.Outcome, m.Change, agency, m.Reasons, m.DecidedOn, s.ReceivedOn, today)) is { } refused)
            return refused;
        if (string.IsNullOrWhiteSpace(m.LetterContent) || !m.LetterContent.Contains(Letters.NumberPlaceholder, StringComparison.Ordinal))
            return new Refusal("letter: 答复书内容无效。", "letter: the letter's content is not valid.");
        return null;
    }

    public static Refusal? Service(RecordCorrectionState s, RecordCorrectionLetterServed m, LocalDate today) =>
        Of(RecordCorrectionRule.RefuseService(m.ServedOn, m.Method, m.Evidence, s.DecidedOn!.Value, today, Letters.ServiceMethods.ToList()));
}
