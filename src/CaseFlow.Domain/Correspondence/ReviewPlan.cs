using CaseFlow.Domain.Replies;

namespace CaseFlow.Domain.Correspondence;

/// <summary>How much review a letter needs before it is issued (审核/签发, Art. 45 asks agencies to set up their review
/// procedures): <c>none</c>, <c>single</c> (the office's supervisor signs off, 签发), <c>double</c> (科室审核 then
/// 负责人签发).</summary>
public enum ReviewMode
{
    None = 0,
    Single = 1,
    Double = 2,
}

/// <summary>One step of the review of a draft.</summary>
public enum ReviewStep
{
    /// <summary>科室审核: a supervisor, or a caseworker of the office other than the drafter.</summary>
    SectionReview = 1,
    /// <summary>法律审核: a legal adviser of the agency, for an adverse reply where the agency asks for it.</summary>
    LegalReview = 2,
    /// <summary>签发: a supervisor who neither drafted the letter nor did an earlier step of its review.</summary>
    SignOff = 3,
}

/// <summary>An agency's review settings. A new agency (no settings stored) has <see cref="Default"/>.</summary>
public sealed record ReviewSettings(ReviewMode Replies, ReviewMode OtherLetters, bool LegalReviewOfAdverse, IReadOnlyList<string> ExtraMarkings)
{
    /// <summary>Replies signed off by the supervisor; other letters issued by the caseworker; no legal review.</summary>
    public static ReviewSettings Default { get; } = new(ReviewMode.Single, ReviewMode.None, false, []);
}

/// <summary>The review a draft needs and who may do each step: one rule for the letters page, the review queue and the API.</summary>
public static class ReviewPlan
{
    public const string Caseworker = "caseworker";
    public const string Supervisor = "supervisor";
    public const string LegalAdviser = "legal-adviser";

    public static string Slug(this ReviewMode mode) => mode switch
    {
        ReviewMode.Single => "single",
        ReviewMode.Double => "double",
        _ => "none",
    };

    public static ReviewMode? ModeFromSlug(string? slug) => slug switch
    {
        "none" => ReviewMode.None,
        "single" => ReviewMode.Single,
        "double" => ReviewMode.Double,
        _ => null,
    };

    public static string ChineseName(this ReviewStep step) => step switch
    {
        ReviewStep.SectionReview => "科室审核",
        ReviewStep.LegalReview => "法律审核",
        _ => "负责人签发",
    };

    public static string EnglishName(this ReviewStep step) => step switch
    {
        ReviewStep.SectionReview => "section review",
        ReviewStep.LegalReview => "legal review",
        _ => "sign-off",
    };

    /// <summary>The steps, in order, that a letter of <paramref name="type"/> (a reply with <paramref name="outcome"/>)
    /// needs before it is issued; empty when the caseworker issues it directly.</summary>
    public static IReadOnlyList<ReviewStep> For(ReviewSettings settings, LetterType type, Outcome? outcome)
    {
        var mode = type == LetterType.Reply ? settings.Replies : settings.OtherLetters;
        var steps = new List<ReviewStep>();
        if (mode == ReviewMode.Double)
            steps.Add(ReviewStep.SectionReview);
        if (type == LetterType.Reply && settings.LegalReviewOfAdverse && outcome is { } o && o.IsAdverse())
            steps.Add(ReviewStep.LegalReview);
        if (mode != ReviewMode.None)
            steps.Add(ReviewStep.SignOff);
        return steps;
    }

    /// <summary>保密审查 (Art. 14–16): a reply that discloses anything (101, 102, 200) is issued only after the reviewer who
    /// signs it off attests the confidentiality checklist.</summary>
    public static bool NeedsConfidentialityChecklist(LetterType type, Outcome? outcome) =>
        type == LetterType.Reply && outcome is { } o && o.Discloses();

    /// <summary>Null when <paramref name="actor"/> (with <paramref name="role"/>) may do <paramref name="step"/> of a draft
    /// by <paramref name="drafter"/> whose earlier steps were done by <paramref name="earlierReviewers"/>; otherwise why not.
    /// The same person never does two steps, and never reviews their own draft.</summary>
    public static (string Zh, string En)? MayReview(ReviewStep step, string role, string actor, string drafter, IEnumerable<string> earlierReviewers)
    {
        if (actor == drafter)
            return ("起草人不能审核或签发自己起草的文书。", "The drafter cannot review their own draft.");
        if (earlierReviewers.Contains(actor))
            return ("同一人不能完成两个审核步骤。", "The same person cannot do two review steps.");
        return step switch
        {
            ReviewStep.SectionReview when role is Supervisor or Caseworker => null,
            ReviewStep.LegalReview when role == LegalAdviser => null,
            ReviewStep.SignOff when role == Supervisor => null,
            ReviewStep.SectionReview => ("科室审核须由负责人或本科室其他承办人进行。", "Section review is done by a supervisor or another caseworker."),
            ReviewStep.LegalReview => ("法律审核须由法律顾问进行。", "Legal review is done by a legal adviser."),
            _ => ("签发须由负责人进行。", "Sign-off is done by a supervisor."),
        };
    }
}
