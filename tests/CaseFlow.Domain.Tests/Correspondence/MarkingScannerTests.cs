using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;

namespace CaseFlow.Domain.Tests.Correspondence;

/// <summary>保密审查 (Art. 14–16): the markings a reply document is scanned for, one row per situation.</summary>
public sealed class MarkingScannerTests
{
    [Theory]
    [InlineData("绝密★10年 关于……的通知", "绝密★")]          // state secret, top secret (Art. 14)
    [InlineData("机密★5年", "机密★")]                          // state secret, secret
    [InlineData("秘密★1年", "秘密★")]                          // state secret, confidential
    [InlineData("机 密 ☆ 长期", "机密★")]                      // spaced, hollow star
    [InlineData("秘密*6个月", "秘密★")]                         // an ASCII star typed for ★
    [InlineData("本材料为内部资料，请勿外传", "内部资料")]        // restriction marking (Art. 16)
    [InlineData("工作秘密 注意保存", "工作秘密")]                 // work secret, first of two
    [InlineData("注意保存", "注意保存")]
    public void A_marking_is_found(string text, string marking)
    {
        var hits = MarkingScanner.Scan(text, "附件.docx");

        Assert.Equal(marking, hits[0].Marking);
        Assert.Equal("附件.docx", hits[0].Source);
    }

    [Theory]
    [InlineData("2024年本县老旧小区改造资金使用情况")]                        // no marking
    [InlineData("本机关严格保守国家秘密")]                                   // the words, not a marking
    [InlineData("秘密")]                                                     // a classification needs its star
    public void Ordinary_text_has_no_hit(string text) => Assert.Empty(MarkingScanner.Scan(text, "附件.docx"));

    [Fact]
    public void Both_markings_of_a_document_are_found_in_order()
    {
        var hits = MarkingScanner.Scan("工作秘密 注意保存", "a.pdf");

        Assert.Equal(["工作秘密", "注意保存"], hits.Select(h => h.Marking));
    }

    [Fact]
    public void An_agency_can_add_its_own_markings()
    {
        Assert.Empty(MarkingScanner.Scan("本件仅供内部参阅", "a.docx"));
        Assert.Equal("仅供内部参阅", MarkingScanner.Scan("本件仅供内部参阅", "a.docx", ["仅供内部参阅", " "]).Single().Marking);
    }
}

/// <summary>审核/签发 (Art. 45): the steps a letter needs and who may take each, one row per situation.</summary>
public sealed class ReviewPlanTests
{
    private static ReviewSettings Settings(ReviewMode replies, bool legal = false) => new(replies, ReviewMode.None, legal, []);

    [Theory]
    [InlineData(ReviewMode.None, false, Outcome.Disclosed, "")]
    [InlineData(ReviewMode.Single, false, Outcome.Disclosed, "SignOff")]
    [InlineData(ReviewMode.Double, false, Outcome.PartlyDisclosed, "SectionReview,SignOff")]
    [InlineData(ReviewMode.Single, true, Outcome.PartlyDisclosed, "LegalReview,SignOff")]       // adverse: legal review first
    [InlineData(ReviewMode.Double, true, Outcome.WithheldStateSecret, "SectionReview,LegalReview,SignOff")]
    [InlineData(ReviewMode.Single, true, Outcome.Disclosed, "SignOff")]                         // not adverse: no legal review
    public void The_steps_of_a_reply(ReviewMode mode, bool legal, Outcome outcome, string steps) =>
        Assert.Equal(steps, string.Join(",", ReviewPlan.For(Settings(mode, legal), LetterType.Reply, outcome)));

    [Fact]
    public void Other_letters_follow_their_own_setting() =>
        Assert.Empty(ReviewPlan.For(Settings(ReviewMode.Double), LetterType.Receipt, null));

    [Fact]
    public void The_default_is_single_sign_off_for_replies() =>
        Assert.Equal([ReviewStep.SignOff], ReviewPlan.For(ReviewSettings.Default, LetterType.Reply, Outcome.PartlyDisclosed));

    [Theory]
    [InlineData(ReviewStep.SignOff, "supervisor", "wang", "zhang", "", true)]
    [InlineData(ReviewStep.SignOff, "caseworker", "liu", "zhang", "", false)]                  // sign-off is the supervisor's
    [InlineData(ReviewStep.SignOff, "supervisor", "zhang", "zhang", "", false)]                // not one's own draft
    [InlineData(ReviewStep.SignOff, "supervisor", "wang", "zhang", "wang", false)]             // not two steps
    [InlineData(ReviewStep.SectionReview, "caseworker", "liu", "zhang", "", true)]             // another caseworker
    [InlineData(ReviewStep.SectionReview, "supervisor", "wang", "zhang", "", true)]
    [InlineData(ReviewStep.SectionReview, "legal-adviser", "li", "zhang", "", false)]
    [InlineData(ReviewStep.LegalReview, "legal-adviser", "li", "zhang", "liu", true)]
    [InlineData(ReviewStep.LegalReview, "supervisor", "wang", "zhang", "", false)]
    public void Who_may_take_a_step(ReviewStep step, string role, string actor, string drafter, string earlier, bool allowed) =>
        Assert.Equal(allowed, ReviewPlan.MayReview(step, role, actor, drafter, earlier.Split(',', StringSplitOptions.RemoveEmptyEntries)) is null);

    [Theory]
    [InlineData(Outcome.AlreadyPublic, true)]
    [InlineData(Outcome.Disclosed, true)]
    [InlineData(Outcome.PartlyDisclosed, true)]
    [InlineData(Outcome.WithheldStateSecret, false)]
    [InlineData(Outcome.CannotProvideNotHeld, false)]
    public void The_confidentiality_checklist_comes_before_any_disclosure(Outcome outcome, bool needed) =>
        Assert.Equal(needed, ReviewPlan.NeedsConfidentialityChecklist(LetterType.Reply, outcome));
}
