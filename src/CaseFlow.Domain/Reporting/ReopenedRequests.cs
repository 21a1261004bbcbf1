using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Reporting;

/// <summary>A reply period of a request that a challenge's correction (结果纠正, e.g. 责令重新答复) reopened: from
/// <see cref="StartsOn"/> (the receipt date, or the day an earlier reopening decision was received) to the reply served
/// on <see cref="RepliedOn"/>, counted under <see cref="Outcome"/>; <see cref="ReopenedOn"/> is the day the decision that
/// reopened the request after this reply was received.</summary>
public sealed record EarlierReply(LocalDate StartsOn, LocalDate RepliedOn, Outcome Outcome, LocalDate ReopenedOn);

/// <summary>How the annual report counts a request reopened after a reconsideration or lawsuit (issue 14).</summary>
/// <remarks>
/// <para>Art. 50(二) counts requests received and replied in the year; the Regulations and 国办公开办函〔2021〕30号 say
/// nothing of a reply ordered anew. <b>Convention</b> (rule book, "Reopening after a challenge"): every reply period of
/// the request is one fact of table 三. The first period counts from the receipt date to the first reply, in the year of
/// that reply on the row of its outcome, and stays so however the request goes on (a published year does not change,
/// Art. 49). Each new period counts as a request received (一) on the day the decision that reopened it was received,
/// and is closed (三) in the year the new reply is served; a period still open on 31 December is in 四 of that year and
/// in 二 of the next, so 本年二 = 上年四 holds for reopened requests as for every other.</para>
/// </remarks>
public static class ReopenedRequests
{
    /// <summary>The facts the report counts for one request: one per earlier reply period, and the current period from
    /// the last reopening (or from <paramref name="receivedOn"/> when never reopened) to <paramref name="closedOn"/>.</summary>
    public static IReadOnlyList<RequestFact> Facts(ApplicantType applicantType, LocalDate receivedOn, IReadOnlyList<EarlierReply> earlier,
        LocalDate? closedOn, Outcome? outcome)
    {
        var facts = earlier.OrderBy(e => e.RepliedOn)
            .Select(e => new RequestFact(applicantType, e.StartsOn, e.RepliedOn, e.Outcome))
            .ToList();
        facts.Add(new RequestFact(applicantType, CurrentPeriodStartsOn(receivedOn, earlier), closedOn, closedOn is null ? null : outcome));
        return facts;
    }

    /// <summary>The day the current reply period counts from in the report: the day the last reopening decision was
    /// received, else the receipt date.</summary>
    public static LocalDate CurrentPeriodStartsOn(LocalDate receivedOn, IReadOnlyList<EarlierReply> earlier) =>
        earlier.Count == 0 ? receivedOn : earlier.Max(e => e.ReopenedOn);
}
