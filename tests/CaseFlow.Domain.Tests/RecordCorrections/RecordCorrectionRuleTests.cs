using CaseFlow.Domain.RecordCorrections;

namespace CaseFlow.Domain.Tests.RecordCorrections;

/// <summary>Art. 41: a request to correct records about oneself. The Regulations set no period; CaseFlow's convention is
/// the 20 working days of Art. 33 ¶2 by analogy, counted from the day after receipt.</summary>
public class RecordCorrectionRuleTests
{
    [Theory]
    // received                due (20th working day after)  why
    [InlineData("2024-09-27", "2024-10-30")]  // National Day 1–7 Oct off, Sat 12 Oct a make-up working day
    [InlineData("2022-09-30", "2022-11-02")]  // the published case of Art. 33 the clock is checked against
    [InlineData("2026-03-02", "2026-03-30")]  // an ordinary month
    [InlineData("2026-03-07", "2026-04-03")]  // received on a Saturday: counting starts on Monday
    public void The_soft_due_date_is_the_20th_working_day_after_receipt(string received, string due) =>
        Assert.Equal(Dates.Iso(due), RecordCorrectionRule.Due(TestCalendars.Clock, Dates.Iso(received)).DueOn);

    [Theory]
    [InlineData("2026-03-30", null, "2026-03-30", false)]          // on the due date: not yet overdue
    [InlineData("2026-03-30", null, "2026-03-31", true)]           // the day after, not served
    [InlineData("2026-03-30", "2026-03-31", "2026-04-10", false)]  // served (late, but closed): not listed as overdue
    public void It_is_overdue_while_open_past_its_due_date(string due, string? served, string today, bool overdue) =>
        Assert.Equal(overdue, RecordCorrectionRule.Overdue(Dates.Iso(due), served is null ? null : Dates.Iso(served), Dates.Iso(today)));

    [Theory]
    [InlineData("王小明", "居民身份证 110105194912310021", "13800138000", "低保名单中家庭人口记为5人", "户口簿", "2026-03-02", null)]
    [InlineData(" ", "居民身份证", "13800138000", "记录", "证据", "2026-03-02", "applicantName")]
    [InlineData("王小明", "", "13800138000", "记录", "证据", "2026-03-02", "applicantIdDocument")]
    [InlineData("王小明", "居民身份证", " ", "记录", "证据", "2026-03-02", "applicantContact")]
    [InlineData("王小明", "居民身份证", "13800138000", "", "证据", "2026-03-02", "record")]
    [InlineData("王小明", "居民身份证", "13800138000", "记录", " ", "2026-03-02", "evidence")]          // Art. 41: 有证据证明
    [InlineData("王小明", "居民身份证", "13800138000", "记录", "证据", null, "receivedOn")]
    [InlineData("王小明", "居民身份证", "13800138000", "记录", "证据", "2026-03-11", "receivedOn")]    // after today
    public void A_correction_request_names_the_applicant_the_record_and_the_evidence(string name, string id, string contact, string record,
        string evidence, string? received, string? field) =>
        Assert.Equal(field, RecordCorrectionRule.RefuseRegistration(name, id, contact, record, evidence,
            received is null ? null : Dates.Iso(received), 10.March(2026))?.Field);

    [Fact]
    public void An_overlong_record_is_refused() =>
        Assert.Equal("record", RecordCorrectionRule.RefuseRegistration("王小明", "身份证", "138", new string('记', 4001), "证据", 2.March(2026), 10.March(2026))?.Field);

    [Theory]
    // outcome     change   agency        reasons  decided       field
    [InlineData(RecordCorrectionOutcome.Corrected, "人口数改为3人", null, null, "2026-03-05", null)]
    [InlineData(RecordCorrectionOutcome.Corrected, " ", null, null, "2026-03-05", "change")]
    [InlineData(RecordCorrectionOutcome.Referred, null, "县民政局", null, "2026-03-05", null)]
    [InlineData(RecordCorrectionOutcome.Referred, null, "", null, "2026-03-05", "competentAgency")]
    [InlineData(RecordCorrectionOutcome.Refused, null, null, "证据不足", "2026-03-05", null)]
    [InlineData(RecordCorrectionOutcome.Refused, null, null, null, "2026-03-05", "reasons")]
    [InlineData(RecordCorrectionOutcome.Corrected, "人口数改为3人", null, null, "2026-03-01", "decidedOn")]  // before receipt
    [InlineData(RecordCorrectionOutcome.Corrected, "人口数改为3人", null, null, "2026-03-11", "decidedOn")]  // after today
    [InlineData(RecordCorrectionOutcome.Corrected, "人口数改为3人", null, null, null, "decidedOn")]
    [InlineData((RecordCorrectionOutcome)9, "x", "x", "x", "2026-03-05", "outcome")]
    public void A_decision_states_what_its_outcome_needs(RecordCorrectionOutcome outcome, string? change, string? agency, string? reasons,
        string? decided, string? field) =>
        Assert.Equal(field, RecordCorrectionRule.RefuseDecision(outcome, change, agency, reasons, decided is null ? null : Dates.Iso(decided),
            2.March(2026), 10.March(2026))?.Field);

    [Theory]
    [InlineData("2026-03-06", "Post", "EMS 1234", null)]
    [InlineData("2026-03-04", "Post", "EMS 1234", "servedOn")]  // before the decision
    [InlineData("2026-03-11", "Post", "EMS 1234", "servedOn")]  // after today
    [InlineData("2026-03-06", "Pigeon", "EMS 1234", "method")]
    [InlineData("2026-03-06", "InPerson", " ", "evidence")]
    public void The_letter_is_served_after_the_decision_with_its_evidence(string served, string method, string evidence, string? field) =>
        Assert.Equal(field, RecordCorrectionRule.RefuseService(Dates.Iso(served), method, evidence, 5.March(2026), 10.March(2026),
            ["InPerson", "Post", "Email", "Online"])?.Field);

    [Fact]
    public void Each_outcome_has_its_letter_template_and_names()
    {
        Assert.Equal(["corrected", "referred", "refused"], RecordCorrectionRule.Outcomes.Select(RecordCorrectionRule.TemplateName));
        Assert.Equal(["予以更正", "转送有权机关", "不予更正"], RecordCorrectionRule.Outcomes.Select(o => o.ChineseName()));
    }
}
