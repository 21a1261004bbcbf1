using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Applicants;

/// <summary>The five levels of the national 好差评 standard, best first (☆☆☆☆☆ … ☆).</summary>
/// <remarks>不满意 and 非常不满意 are 差评: each is verified, the applicant answered and the handling rectified
/// (APPLICANT-SIDE.md, 好差评; e.g. Sichuan: 对"不满意"或者"非常不满意"问题，在15个工作日内整改到位).</remarks>
public enum RatingLevel
{
    非常满意 = 5,
    满意 = 4,
    基本满意 = 3,
    不满意 = 2,
    非常不满意 = 1,
}

/// <summary>When a letter served online counts as served (电子送达): a setting of the agency.</summary>
/// <remarks>Civil Procedure Law Art. 90, used by analogy: the date of service is the day the document reaches the
/// addressee's specific system. Agencies read that as the day the letter is placed in the applicant's space
/// (<see cref="Placed"/>) or, more cautiously, the day the applicant first opens it (<see cref="FirstDownload"/>).</remarks>
public enum ServiceDateRule
{
    Placed = 1,
    FirstDownload = 2,
}

/// <summary>The rules of rating the handling (好差评) and of rectifying a bad rating (整改), one place.</summary>
public static class Satisfaction
{
    /// <summary>Local rules give 15 working days to rectify a bad rating; the agency may set another figure.</summary>
    public const int DefaultRectificationWorkingDays = 15;

    /// <summary>Calendar days after the first rating within which the applicant may revise it (an agency setting).</summary>
    public const int DefaultRevisionDays = 15;

    public static readonly IReadOnlyList<RatingLevel> Levels =
        [RatingLevel.非常满意, RatingLevel.满意, RatingLevel.基本满意, RatingLevel.不满意, RatingLevel.非常不满意];

    /// <summary>差评: 不满意 or 非常不满意.</summary>
    public static bool IsBad(RatingLevel level) => level is RatingLevel.不满意 or RatingLevel.非常不满意;

    /// <summary>好评: 非常满意, 满意 or 基本满意 (the 好评率 counts these among all ratings).</summary>
    public static bool IsGood(RatingLevel level) => !IsBad(level);

    /// <summary>Stars as the national form shows them: 非常满意 ☆☆☆☆☆ … 非常不满意 ☆.</summary>
    public static string Stars(RatingLevel level) => new('☆', (int)level);

    /// <summary>A request may be rated once it is closed (一事一评, after the handling ends).</summary>
    public static bool MayRate(LocalDate? closedOn) => closedOn is not null;

    /// <summary>The applicant may revise the rating up to and including <paramref name="revisionDays"/> calendar days after
    /// the day of the first rating.</summary>
    public static bool MayRevise(LocalDate ratedOn, LocalDate today, int revisionDays) => today <= ratedOn.PlusDays(revisionDays);

    /// <summary>The rectification of a bad rating is due <paramref name="workingDays"/> working days after the day it was
    /// opened, counted on the agency's calendar.</summary>
    public static LocalDate RectificationDue(StatutoryClock clock, LocalDate openedOn, int workingDays) =>
        clock.After(openedOn, workingDays).DueOn;

    /// <summary>按期整改: closed on or before its due date.</summary>
    public static bool RectifiedOnTime(LocalDate closedOn, LocalDate dueOn) => closedOn <= dueOn;

    /// <summary>按期整改率: of the items closed, or open past their due date, the share closed on or before it. An item still
    /// open and not yet due is not counted either way (it may yet be rectified on time).</summary>
    public static (long OnTime, long Counted) RectificationTimeliness(IEnumerable<(LocalDate DueOn, LocalDate? ClosedOn)> items, LocalDate today)
    {
        long onTime = 0, counted = 0;
        foreach (var (dueOn, closedOn) in items)
        {
            if (closedOn is { } closed)
            {
                counted++;
                if (RectifiedOnTime(closed, dueOn))
                    onTime++;
            }
            else if (today > dueOn)
                counted++;
        }
        return (onTime, counted);
    }

    /// <summary>The date a letter served online counts as served under the agency's rule, or null while it is not yet
    /// served (first-download rule and not downloaded).</summary>
    public static LocalDate? ServedOn(ServiceDateRule rule, LocalDate placedOn, LocalDate? firstDownloadedOn) => rule switch
    {
        ServiceDateRule.Placed => placedOn,
        ServiceDateRule.FirstDownload => firstDownloadedOn,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown service date rule."),
    };

    /// <summary>A rate as shown on the dashboard, or null when there is nothing to count.</summary>
    public static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
