using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>How one reply period counts in the on-time rates of the supervisors (督办, dashboard): whether it ended in a
/// reply the rates count, and whether that reply was on time, with and without an extension.</summary>
/// <remarks>
/// <para>Art. 33: the reply is due 20 working days after receipt (¶1), at most 20 more with an approved extension (¶2).
/// On time = served on or before the reply due date in force when it was served (OGI-RULES §3) — the date of the
/// period's own clock: for a request reopened after a challenge (重新答复, issue 14) the first reply against the first
/// period's due date, the reply after the reopening against the new period's (<see cref="ClockEvents.ReopenedOn"/>).</para>
/// <para>Every reply period is its own reply in the rates, in the period (day, month, year) its reply was served: a
/// reopened request that was answered twice counts two replies, each on time or late by its own clock, never only the
/// latest. The rates count replies served (Art. 36–38, close reason Replied); an Art. 39 ¶1 answer, a withdrawal or an
/// application deemed abandoned is no reply there (it still has an on-time decision when answered, Art. 39 ¶1).</para>
/// </remarks>
/// <param name="Replied">The period ended in a reply the on-time rates count.</param>
/// <param name="OnTime">Answered (a reply or an Art. 39 ¶1 answer) by the due date in force; null when not answered.</param>
/// <param name="OnTimeWithoutExtension">On time with no extension approved (Art. 33 ¶1); null when not answered.</param>
/// <param name="Extended">An extension was approved for the period (Art. 33 ¶2).</param>
public sealed record ReplyTimeliness(bool Replied, bool? OnTime, bool? OnTimeWithoutExtension, bool Extended)
{
    /// <summary>The period closed for <paramref name="closeReason"/> on <paramref name="closedOn"/>, its reply due
    /// on <paramref name="replyDueOn"/> (the date in force when it closed), with <paramref name="extensionWorkingDays"/>
    /// approved.</summary>
    public static ReplyTimeliness Of(CloseReason? closeReason, LocalDate? closedOn, LocalDate? replyDueOn, int extensionWorkingDays)
    {
        var answered = ReplyClockStatus.IsAnsweredByReply(closeReason);
        bool? onTime = answered ? ReplyClockStatus.OnTimeWhenServed(closedOn, replyDueOn) : null;
        return new ReplyTimeliness(closeReason == CloseReason.Replied && closedOn is not null, onTime,
            answered ? onTime == true && extensionWorkingDays == 0 : null, extensionWorkingDays > 0);
    }
}
