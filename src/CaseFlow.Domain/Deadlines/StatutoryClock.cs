using CaseFlow.Domain.Calendar;
using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>The statutory clock: a pure function from a request's clock events to all its deadlines.</summary>
/// <remarks>
/// <para>Periods end on the N-th working day strictly after the day they run from; that day itself never counts
/// (期间开始之日不计算在内, OGI-RULES §2). Checked against a published case: received 2022-09-30 → reply due
/// 2022-11-02.</para>
/// <para>Each computation is O(1) in the span length (working-day ordinals) and O(p log p) in the number of
/// excluded spans.</para>
/// </remarks>
public sealed class StatutoryClock(WorkingCalendar calendar)
{
    public WorkingCalendar Calendar { get; } = calendar;

    /// <summary>The last day to send the one-time correction notice: 7 working days after receipt (Art. 30).</summary>
    public Deadline CorrectionNoticeDue(LocalDate receivedOn) =>
        After(receivedOn, StatutoryPeriods.CorrectionNoticeWorkingDays);

    /// <summary>The end of a third party's or another agency's opinion window: 15 working days after it received
    /// the letter (Art. 32, Art. 34).</summary>
    public Deadline OpinionWindowDue(LocalDate letterReceivedOn) =>
        After(letterReceivedOn, StatutoryPeriods.OpinionWindowWorkingDays);

    /// <summary>The last day to pay the processing fee: 20 working days counted from the day after the fee notice
    /// was received (国办函〔2020〕109号; OGI-RULES §3).</summary>
    public Deadline FeePaymentDue(LocalDate feeNoticeReceivedOn) =>
        After(feeNoticeReceivedOn, StatutoryPeriods.FeePaymentWorkingDays);

    /// <summary>The n-th working day strictly after <paramref name="from"/>.</summary>
    public Deadline After(LocalDate from, int workingDays)
    {
        var due = Calendar.AddWorkingDays(from, workingDays);
        return new Deadline(due, Calendar.TouchesUnsettled(from, due));
    }

    /// <summary>The day a warning <paramref name="workingDays"/> before a due date falls on.</summary>
    public Deadline Before(LocalDate dueOn, int workingDays)
    {
        var on = Calendar.SubtractWorkingDays(dueOn, workingDays);
        return new Deadline(on, Calendar.TouchesUnsettled(on, dueOn));
    }

    /// <summary>Working days from <paramref name="today"/> to <paramref name="dueOn"/>: 0 on the due date itself,
    /// negative once it has passed (the number of working days overdue).</summary>
    public int WorkingDaysLeft(LocalDate today, LocalDate dueOn) => Calendar.WorkingDaysBetween(today, dueOn);

    /// <summary>The reply due date in force: 20 working days (plus any extension) counted from receipt, or from the
    /// corrected application, skipping excluded spans (Art. 30, Art. 33). The lean path used wherever only the date
    /// is needed; <see cref="Compute"/> gives every deadline with its parts.</summary>
    public Deadline ReplyDue(ClockEvents events, LocalDate? asOf = null)
    {
        ThrowIfInvalid(events);
        var clockStartsOn = events.ClockStartsOn;
        var (ordinal, _) = Shift(Calendar.Ordinal(clockStartsOn) + StatutoryPeriods.ReplyWorkingDays + events.ExtensionWorkingDays,
            clockStartsOn, events.ExcludedSpans, asOf);
        var due = Calendar.WorkingDayAt(ordinal);
        return InForce(SetByDecision(new Deadline(due, Calendar.TouchesUnsettled(clockStartsOn, due)), events), events);
    }

    /// <summary>Issue 14 (重新答复): a reopening decision that sets its own reply date replaces the Art. 33 date of the new
    /// period; otherwise the new period is 20 working days from the day the decision was received (see
    /// <see cref="ClockEvents.ReopenedOn"/>).</summary>
    public static Deadline SetByDecision(Deadline statutory, ClockEvents events) =>
        events is { ReopenedOn: not null, ReopenedReplyDueOn: { } set } ? new Deadline(set, false) : statutory;

    /// <summary>Art. 35: 申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人.
    /// A later reasonable reply date the agency set replaces the Art. 33 due date; it never shortens it.</summary>
    public static Deadline InForce(Deadline statutory, ClockEvents events) =>
        events.ReasonablePeriodEndsOn is { } later && later > statutory.DueOn ? new Deadline(later, false) : statutory;

    /// <summary>Computes every deadline of a request.</summary>
    /// <param name="events">The request's clock events; see <see cref="ClockEvents.Validate"/>.</param>
    /// <param name="asOf">Today, for spans still open: they are counted as running up to this day.</param>
    /// <exception cref="ArgumentException">The events break a rule of <see cref="ClockEvents.Validate"/>.</exception>
    public RequestDeadlines Compute(ClockEvents events, LocalDate? asOf = null)
    {
        ThrowIfInvalid(events);
        var correctionDue = CorrectionNoticeDue(events.ReceivedOn);
        // Art. 30: 答复期限自行政机关收到补正的申请之日起计算; a reopened request from the day the decision was received.
        var clockStartsOn = events.ClockStartsOn;
        var startOrdinal = Calendar.Ordinal(clockStartsOn);
        var (baseOrdinal, _) = Shift(startOrdinal + StatutoryPeriods.ReplyWorkingDays, clockStartsOn, events.ExcludedSpans, asOf);
        var (dueOrdinal, paused) = Shift(startOrdinal + StatutoryPeriods.ReplyWorkingDays + events.ExtensionWorkingDays,
            clockStartsOn, events.ExcludedSpans, asOf);
        var baseDue = Calendar.WorkingDayAt(baseOrdinal);
        var due = Calendar.WorkingDayAt(dueOrdinal);
        var statutory = SetByDecision(new Deadline(due, Calendar.TouchesUnsettled(clockStartsOn, due)), events);
        var inForce = InForce(statutory, events);

        return new RequestDeadlines(
            events.ReceivedOn,
            correctionDue,
            clockStartsOn,
            new Deadline(baseDue, Calendar.TouchesUnsettled(clockStartsOn, baseDue)),
            inForce,
            events.ExtensionWorkingDays,
            paused,
            events.ExcludedSpans.Count == 0 ? [] : MergeExclusions(events.ExcludedSpans, clockStartsOn, asOf),
            Calendar.Version,
            events.ExcludedSpans.Any(s => s.EndOn is null))
        {
            StatutoryReplyDue = inForce == statutory ? null : statutory,
        };
    }

    /// <summary>Explains a computation in Chinese and English, listing every day it counted or skipped.</summary>
    public ClockExplanation Explain(ClockEvents events, LocalDate? asOf = null) =>
        ClockExplanation.Build(this, events, Compute(events, asOf));

    private static void ThrowIfInvalid(ClockEvents events)
    {
        var errors = events.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(events));
    }

    /// <summary>Counted working days are the ordinals after the clock start that no excluded span covers. A span
    /// (A, B] covers the ordinals (ord(A), ord(B)]; overlapping spans are merged so they count once, and the target
    /// ordinal moves past every merged span that begins before it is reached.</summary>
    private (int Ordinal, int Paused) Shift(int target, LocalDate clockStartsOn, IReadOnlyList<ExcludedSpan> spans, LocalDate? asOf)
    {
        if (spans.Count == 0)
            return (target, 0);
        Span<long> packed = spans.Count <= 16 ? stackalloc long[spans.Count] : new long[spans.Count];
        var count = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var (from, end) = Bounds(spans[i], clockStartsOn, asOf);
            if (end > from)
                packed[count++] = ((long)Calendar.Ordinal(from) << 32) | (uint)Calendar.Ordinal(end);
        }
        packed = packed[..count];
        packed.Sort();

        var paused = 0;
        var i2 = 0;
        while (i2 < packed.Length)
        {
            var low = (int)(packed[i2] >> 32);
            var high = (int)packed[i2];
            for (i2++; i2 < packed.Length && (int)(packed[i2] >> 32) <= high; i2++)
                high = Math.Max(high, (int)packed[i2]);
            if (low >= target)
                break;
            target += high - low;
            paused += high - low;
        }
        return (target, paused);
    }

    /// <summary>The part of a span after the clock start; an open span runs up to <paramref name="asOf"/>.</summary>
    private static (LocalDate From, LocalDate End) Bounds(ExcludedSpan span, LocalDate clockStartsOn, LocalDate? asOf) =>
        (LocalDate.Max(span.StartOn, clockStartsOn), span.EndOn ?? LocalDate.Max(asOf ?? span.StartOn, span.StartOn));

    private List<CountedExclusion> MergeExclusions(IReadOnlyList<ExcludedSpan> spans, LocalDate clockStartsOn, LocalDate? asOf)
    {
        var clipped = spans
            .Select(span => (Span: span, Bounds: Bounds(span, clockStartsOn, asOf)))
            .Where(s => s.Bounds.End > s.Bounds.From)
            .OrderBy(s => s.Bounds.From)
            .ToList();

        var merged = new List<CountedExclusion>();
        var i = 0;
        while (i < clipped.Count)
        {
            var group = new List<ExcludedSpan> { clipped[i].Span };
            var (from, end) = clipped[i].Bounds;
            var open = clipped[i].Span.EndOn is null;
            for (i++; i < clipped.Count && clipped[i].Bounds.From <= end; i++)
            {
                group.Add(clipped[i].Span);
                end = LocalDate.Max(end, clipped[i].Bounds.End);
                open |= clipped[i].Span.EndOn is null;
            }
            merged.Add(new CountedExclusion(from, end, group, Calendar.WorkingDaysBetween(from, end), open));
        }
        return merged;
    }
}
