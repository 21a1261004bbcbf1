using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>重新答复 (issue 14): the steps that reopen a closed request after a challenge corrected its handling. The
/// earlier reply period is kept (in the state and in <c>earlier_replies</c>, for the annual report) in the same
/// transaction as the reopening.</summary>
public static class ReopeningSteps
{
    private sealed class FoundChallenge
    {
        public Domain.Reporting.Challenge? Challenge { get; set; }
    }

    private static FoundChallenge Found(this PipeContext context) => context.GetOrAddPayload(() => new FoundChallenge());

    /// <summary>The challenge the command names, among those recorded for this request (table 四, by tracking number).</summary>
    public static EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> FindTheChallenge(
        this EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> binder) =>
        binder.ThenAsync(async x =>
        {
            var challenges = await Persistence.Reporting.Challenges.OfRequestAsync(x.GetPayload<DbSession>(), x.Saga.AgencyCode, x.Saga.TrackingNumber);
            x.Found().Challenge = challenges.FirstOrDefault(c => c.Kind == x.Message.ChallengeKind && c.FiledOn == x.Message.ChallengeFiledOn);
        });

    public static Refusal? ReopeningRule(BehaviorContext<DisclosureRequestState, ReopenAfterChallenge> x) =>
        Rules.Reopening(x.Saga, x.Message, x.Found().Challenge, x.Today());

    /// <summary>Keeps the reply period that ended (with its reply, extension and Art. 35 decision) and opens the new one:
    /// the clock runs from the day the decision was received (ClockEvents.ReopenedOn); the request is open again.</summary>
    public static EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> ReopenTheRequest(
        this EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> binder) =>
        binder.ThenAsync(async x =>
        {
            var r = x.Saga;
            var m = x.Message;
            var now = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
            var period = new EarlierReplyPeriod(r.EarlierReplies.Count + 1, r.ReopenedOn ?? r.ReceivedOn!.Value, r.ClosedOn!.Value, r.CloseReason!.Value,
                r.CountedOutcome ?? r.Outcome!.Value, r.OnTime, r.Reply, r.Extension, r.ExcessiveInquiry, m.ChallengeKind, m.ChallengeFiledOn,
                m.DecisionReference.Trim(), m.DecisionReceivedOn, m.ReplyDueOn, m.Actor);
            // Art. 33: the reply that ended this period counts in the on-time rates by this period's own clock (the due date
            // in force when it was served), in the day it was served, whatever the request does next.
            var timeliness = ReplyTimeliness.Of(r.CloseReason, r.ClosedOn, r.ReplyDueOn, r.Extension is { Approved: true } e ? e.ApprovedDays : 0);
            await EarlierReplies.AddAsync(x.GetPayload<DbSession>(), new EarlierReplyRow
            {
                RequestId = r.CorrelationId.ToString(), PeriodNo = period.PeriodNo, AgencyCode = r.AgencyCode, ApplicantType = (int)r.Applicant.Type,
                PeriodStartsOn = period.StartsOn, RepliedOn = period.ClosedOn, Outcome = (int)period.CountedOutcome,
                Replied = timeliness.Replied, OnTime = timeliness.OnTime, OnTimeWithoutExtension = timeliness.OnTimeWithoutExtension,
                Extended = timeliness.Extended, Handler = r.Handler,
                LetterDocumentNumber = r.Reply?.LetterDocumentNumber, ChallengeKind = Persistence.Reporting.Challenges.KindCode(m.ChallengeKind),
                ChallengeFiledOn = m.ChallengeFiledOn, DecisionReference = period.DecisionReference, ReopenedOn = m.DecisionReceivedOn,
                ReopenedBy = m.Actor, RecordedAt = now,
            });
            r.EarlierReplies.Add(period);
            r.ReopenedOn = m.DecisionReceivedOn;
            r.ReopenedReplyDueOn = m.ReplyDueOn;
            r.Reply = null;
            r.Extension = null;
            r.ExcessiveInquiry = null;
            r.CloseReason = null;
            r.Outcome = null;
            r.ClosedOn = null;
            r.OnTime = null;
            r.OnTimeWithoutExtension = null;
            r.CountedOutcome = null;
            r.Overdue = false;
        });

    /// <summary>Tells the followers of the request (integrators subscribed to the public events) that it is open again, with
    /// the new reply period as the statutory clock just computed it.</summary>
    public static EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> EmitRequestReopened(
        this EventActivityBinder<DisclosureRequestState, ReopenAfterChallenge> binder) =>
        binder.Emit(x => new Contracts.RequestReopened
        {
            RequestId = x.Saga.CorrelationId, AgencyCode = x.Saga.AgencyCode, TrackingNumber = x.Saga.TrackingNumber,
            ReopenedOn = x.Saga.ReopenedOn!.Value, ReplyDueOn = x.Saga.ReplyDueOn!.Value,
            ChallengeKind = Persistence.Reporting.Challenges.KindCode(x.Message.ChallengeKind), ChallengeFiledOn = x.Message.ChallengeFiledOn,
            DecisionReference = x.Message.DecisionReference.Trim(), Reopening = x.Saga.EarlierReplies.Count,
        });
}
