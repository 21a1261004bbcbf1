using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Tests.Consultation;

/// <summary>Consultations (征求意见 / 会商, Art. 32–34) as their own workflow, on the real engine with a fake clock.
/// The request below is received on Fri 27 Sep 2024; without consultations its reply is due Wed 30 Oct 2024
/// (2024: National Day 1–7 Oct off, Sat 12 Oct a make-up working day).</summary>
public sealed class ConsultationScenarios
{
    private static async Task<(WorkflowHost Host, Guid RequestId)> RequestReceivedOn27SeptemberAsync(LocalDate today)
    {
        var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        Assert.True((await host.SendAsync(request)).Accepted);
        await host.AdvanceToAsync(today);
        return (host, request.RequestId);
    }

    private static RecordOpinion Opinion(StartConsultation c, string participant, OpinionPosition position, LocalDate on, string actor = A.Caseworker,
        bool fromPaper = true) => new()
    {
        RequestId = c.RequestId, Actor = actor, ConsultationId = c.ConsultationId, Participant = participant, Position = position,
        Reasoning = position == OpinionPosition.Disagree ? "涉及本公司商业秘密，公开将造成竞争损害" : "无异议", ReceivedOn = on,
        CitedArticles = "第十五条、第三十二条", FromPaper = fromPaper,
    };

    private static async Task<IReadOnlyList<ConsultationNotice>> NoticesAsync(WorkflowHost host) =>
        (await host.PublishedAsync()).Where(p => p.Type == nameof(ConsultationNotice))
            .Select(p => System.Text.Json.JsonSerializer.Deserialize<ConsultationNotice>(p.Body, Infrastructure.CaseFlowJson.Options)!).ToList();

    [Fact]
    public async Task Internal_joint_consultation_all_opinions_in_while_the_clock_runs()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "li.na", "zhao.lawyer");

        var started = await host.SendAsync(consultation);

        Assert.True(started.Accepted, started.Reason);
        Assert.Equal("AwaitingOpinions", started.State);
        var request = await host.RequestAsync(id);
        Assert.Equal("InProgress", request.CurrentState);
        Assert.Equal(21.October(2024), request.Consultations.Single().WindowDueOn);
        var invitation = Assert.Single(await NoticesAsync(host));
        Assert.Equal(NoticeKinds.Invitation, invitation.Kind);
        Assert.Equal(["li.na", "zhao.lawyer"], invitation.Recipients);

        await host.AdvanceToAsync(16.October(2024));
        Assert.True((await host.SendAsync(Opinion(consultation, "li.na", OpinionPosition.Conditional, 16.October(2024), "li.na", fromPaper: false))).Accepted);
        Assert.Equal("AwaitingOpinions", (await host.ConsultationAsync(consultation.ConsultationId)).CurrentState);
        await host.AdvanceToAsync(18.October(2024));
        Assert.True((await host.SendAsync(Opinion(consultation, "zhao.lawyer", OpinionPosition.Agree, 18.October(2024)))).Accepted);

        var ended = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(("Concluded", ConsultationEnd.AllOpinionsIn, 18.October(2024)), (ended.CurrentState, ended.End, ended.EndedOn));
        Assert.Equal(("li.na", false, "第十五条、第三十二条"), (ended.Opinions[0].EnteredBy, ended.Opinions[0].FromPaper, ended.Opinions[0].CitedArticles));
        var r = await host.RequestAsync(id);
        Assert.Equal(("InProgress", 30.October(2024), 0), (r.CurrentState, r.ReplyDueOn, r.PausedWorkingDays));
        Assert.Equal(2, r.Consultations.Single().Opinions.Count);
        Assert.Contains(await host.AuditAsync(id), a => a.Activity == "ConsultationEnded");
    }

    [Fact]
    public async Task Internal_consultation_reminds_two_working_days_before_and_reports_overdue_without_stopping_the_clock()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "li.na");
        await host.SendAsync(consultation);

        // Due Mon 21 Oct: two working days before is Thu 17 Oct.
        await host.AdvanceToAsync(16.October(2024));
        Assert.DoesNotContain(await NoticesAsync(host), n => n.Kind == NoticeKinds.Reminder);
        await host.AdvanceToAsync(17.October(2024));
        Assert.Single(await NoticesAsync(host), n => n.Kind == NoticeKinds.Reminder && n.Recipients.SequenceEqual(["li.na"]));
        await host.AdvanceToAsync(21.October(2024));
        Assert.DoesNotContain(await NoticesAsync(host), n => n.Kind == NoticeKinds.Overdue);
        await host.AdvanceToAsync(22.October(2024));
        Assert.Single(await NoticesAsync(host), n => n.Kind == NoticeKinds.Overdue);

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal("AwaitingOpinions", c.CurrentState);
        var r = await host.RequestAsync(id);
        Assert.Equal(("InProgress", 30.October(2024), false), (r.CurrentState, r.ReplyDueOn, r.ClockStopped));
    }

    [Fact]
    public async Task Third_party_silence_leaves_the_decision_to_the_agency()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(15.October(2024));
        await using var _ = host;
        // Sent Mon 14 Oct, received by the third party Tue 15 Oct: 15 working days → Tue 5 Nov.
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024)) with { LetterReceivedOn = 15.October(2024), DocumentNumber = "示政信征〔2024〕3号" };
        await host.SendAsync(consultation);
        Assert.Equal(("Consulting", true), ((await host.RequestAsync(id)).CurrentState, (await host.RequestAsync(id)).ClockStopped));
        Assert.Equal(5.November(2024), (await host.ConsultationAsync(consultation.ConsultationId)).WindowDueOn);

        await host.AdvanceToAsync(5.November(2024));
        Assert.Equal("AwaitingOpinions", (await host.ConsultationAsync(consultation.ConsultationId)).CurrentState);
        await host.AdvanceToAsync(6.November(2024));

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(("Concluded", ConsultationEnd.SilenceAgencyDecides, 5.November(2024)), (c.CurrentState, c.End, c.EndedOn));
        var r = await host.RequestAsync(id);
        // (14 Oct, 5 Nov] holds 16 working days; 30 Oct + 16 working days = Thu 21 Nov.
        Assert.Equal(("InProgress", 16, 21.November(2024)), (r.CurrentState, r.PausedWorkingDays, r.ReplyDueOn));
    }

    [Fact]
    public async Task The_window_counts_from_the_service_date_recorded_after_the_letter_went_out()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024)) with { LetterReceivedOn = null };
        await host.SendAsync(consultation);
        // Until the service date is known, the window counts from the letter: 14 Oct + 15 working days = Mon 4 Nov.
        Assert.Equal(4.November(2024), (await host.ConsultationAsync(consultation.ConsultationId)).WindowDueOn);
        await host.AdvanceToAsync(17.October(2024));

        var served = await host.SendAsync(new RecordLetterServed { RequestId = id, Actor = A.Caseworker, ConsultationId = consultation.ConsultationId, ReceivedOn = 16.October(2024) });

        Assert.True(served.Accepted, served.Reason);
        // Received Wed 16 Oct: 15 working days → Wed 6 Nov; the request's record follows.
        Assert.Equal(6.November(2024), (await host.ConsultationAsync(consultation.ConsultationId)).WindowDueOn);
        Assert.Equal((16.October(2024), 6.November(2024)), ((await host.RequestAsync(id)).Consultations.Single().LetterReceivedOn!.Value, (await host.RequestAsync(id)).Consultations.Single().WindowDueOn!.Value));
        await host.AdvanceToAsync(5.November(2024));
        Assert.Equal("AwaitingOpinions", (await host.ConsultationAsync(consultation.ConsultationId)).CurrentState);
        await host.AdvanceToAsync(7.November(2024));
        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal((ConsultationEnd.SilenceAgencyDecides, 6.November(2024)), (c.End, c.EndedOn));
        var again = await host.SendAsync(new RecordLetterServed { RequestId = id, Actor = A.Caseworker, ConsultationId = consultation.ConsultationId, ReceivedOn = 16.October(2024) });
        Assert.False(again.Accepted);
    }

    [Fact]
    public async Task Other_agency_silence_is_deemed_consent()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(8.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.OtherAgency, 8.October(2024), participants: "县自然资源局");
        await host.SendAsync(consultation);

        // Received Tue 8 Oct (a working day after the holiday); 15 working days → Mon 28 Oct (make-up Sat 12 Oct counts).
        await host.AdvanceToAsync(30.October(2024));

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal((ConsultationEnd.SilenceDeemedConsent, 28.October(2024)), (c.End, c.EndedOn));
        var r = await host.RequestAsync(id);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.Equal(ConsultationEnd.SilenceDeemedConsent, r.Consultations.Single().End);
    }

    [Fact]
    public async Task Mixed_one_third_party_answers_the_other_stays_silent()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024), participants: ["某建设有限公司", "某监理有限公司"]);
        await host.SendAsync(consultation);
        await host.AdvanceToAsync(18.October(2024));
        await host.SendAsync(Opinion(consultation, "某建设有限公司", OpinionPosition.Agree, 18.October(2024)));
        Assert.Equal("Consulting", (await host.RequestAsync(id)).CurrentState);

        await host.AdvanceToAsync(5.November(2024));

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal((ConsultationEnd.SilenceAgencyDecides, 4.November(2024)), (c.End, c.EndedOn));
        Assert.Equal(["某监理有限公司"], c.Awaited);
        var r = await host.RequestAsync(id);
        // (14 Oct, 4 Nov] holds 15 working days; 30 Oct + 15 = Wed 20 Nov.
        Assert.Equal(("InProgress", 20.November(2024)), (r.CurrentState, r.ReplyDueOn));
        Assert.Single(r.Consultations.Single().Opinions);
    }

    [Fact]
    public async Task Overlapping_third_party_consultations_exclude_the_union_of_their_spans()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var first = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024), participants: "某建设有限公司");
        await host.SendAsync(first);
        await host.AdvanceToAsync(21.October(2024));
        var second = A.Consultation(id, ConsultationKind.ThirdParty, 21.October(2024), participants: "某监理有限公司");
        await host.SendAsync(second);
        await host.AdvanceToAsync(25.October(2024));
        await host.SendAsync(Opinion(first, "某建设有限公司", OpinionPosition.Agree, 25.October(2024)));
        Assert.Equal("Consulting", (await host.RequestAsync(id)).CurrentState);
        await host.AdvanceToAsync(1.November(2024));
        await host.SendAsync(Opinion(second, "某监理有限公司", OpinionPosition.Agree, 1.November(2024)));

        var r = await host.RequestAsync(id);
        // Spans (14 Oct, 25 Oct] and (21 Oct, 1 Nov] overlap: their union (14 Oct, 1 Nov] holds 14 working days
        // (15–18, 21–25, 28–31 Oct, 1 Nov), not 9 + 9 = 18. 30 Oct + 14 working days = Tue 19 Nov.
        Assert.Equal(("InProgress", 14, 19.November(2024)), (r.CurrentState, r.PausedWorkingDays, r.ReplyDueOn));
        var spans = r.ClockEvents().ExcludedSpans;
        Assert.Equal([(14.October(2024), 25.October(2024)), (21.October(2024), 1.November(2024))],
            spans.Select(s => (s.StartOn, s.EndOn!.Value)).ToArray());
    }

    [Fact]
    public async Task An_internal_consultation_during_a_third_party_one_does_not_add_to_the_excluded_span()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var external = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024));
        await host.SendAsync(external);
        var joint = A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 8.November(2024), "li.na");
        await host.SendAsync(joint);
        await host.AdvanceToAsync(25.October(2024));
        await host.SendAsync(Opinion(external, "某建设有限公司", OpinionPosition.Agree, 25.October(2024)));

        var r = await host.RequestAsync(id);
        // Only (14 Oct, 25 Oct] is excluded: 9 working days; 30 Oct + 9 = Tue 12 Nov. The joint consultation stays open.
        Assert.Equal(("InProgress", 12.November(2024)), (r.CurrentState, r.ReplyDueOn));
        Assert.Null(r.Consultations.Single(c => c.Id == joint.ConsultationId).EndedOn);
    }

    [Fact]
    public async Task A_withdrawn_consultation_ends_its_span_on_the_day_it_is_withdrawn()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024));
        await host.SendAsync(consultation);
        await host.AdvanceToAsync(18.October(2024));

        var result = await host.SendAsync(new WithdrawConsultation
        {
            RequestId = id, Actor = A.Caseworker, ConsultationId = consultation.ConsultationId, WithdrawnOn = 18.October(2024), Reason = "经核查，信息不涉及第三方",
        });

        Assert.True(result.Accepted, result.Reason);
        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(("Withdrawn", ConsultationEnd.Withdrawn, 18.October(2024)), (c.CurrentState, c.End, c.EndedOn));
        var r = await host.RequestAsync(id);
        // (14 Oct, 18 Oct] holds 4 working days; 30 Oct + 4 = Tue 5 Nov.
        Assert.Equal(("InProgress", 5.November(2024)), (r.CurrentState, r.ReplyDueOn));
        Assert.All(await host.DeadlinesAsync(consultation.ConsultationId), d => Assert.NotEqual("pending", d.Status));
    }

    [Fact]
    public async Task A_third_partys_refusal_blocks_disclosure_until_the_public_interest_override_and_its_letter()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024));
        await host.SendAsync(consultation);
        await host.AdvanceToAsync(25.October(2024));
        await host.SendAsync(Opinion(consultation, "某建设有限公司", OpinionPosition.Disagree, 25.October(2024)));

        var refused = await host.SendAsync(A.Reply(id, 25.October(2024), Outcome.Disclosed));
        Assert.False(refused.Accepted);
        Assert.Contains("第三十二条", refused.Reason);
        Assert.Contains("某建设有限公司", refused.Reason);

        var overridden = await host.SendAsync(new RecordPublicInterestOverride
        {
            RequestId = id, Actor = A.Caseworker, DecidedOn = 25.October(2024), Reasons = "资金使用情况关系公共利益，不公开可能对公共利益造成重大影响",
        });
        Assert.True(overridden.Accepted, overridden.Reason);
        var stillRefused = await host.SendAsync(A.Reply(id, 25.October(2024), Outcome.Disclosed));
        Assert.False(stillRefused.Accepted);
        Assert.Contains("书面告知第三方", stillRefused.Reason);

        Assert.True((await host.SendAsync(new RecordOverrideLetter { RequestId = id, Actor = A.Caseworker, SentOn = 25.October(2024), DocumentNumber = "示政信告〔2024〕7号" })).Accepted);
        var replied = await host.SendAsync(A.Reply(id, 25.October(2024), Outcome.Disclosed));

        Assert.True(replied.Accepted, replied.Reason);
        var r = await host.RequestAsync(id);
        Assert.Equal(("Replied", "示政信告〔2024〕7号"), (r.CurrentState, r.PublicInterestOverride!.LetterDocumentNumber));
    }

    [Fact]
    public async Task A_third_partys_refusal_does_not_block_withholding_or_partial_disclosure()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024));
        await host.SendAsync(consultation);
        await host.AdvanceToAsync(25.October(2024));
        await host.SendAsync(Opinion(consultation, "某建设有限公司", OpinionPosition.Disagree, 25.October(2024)));

        var replied = await host.SendAsync(A.Reply(id, 25.October(2024), Outcome.PartlyDisclosed));

        Assert.True(replied.Accepted, replied.Reason);
    }

    [Fact]
    public async Task Refused_consultation_commands_store_nothing()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(14.October(2024));
        await using var _ = host;

        var noDueDate = await host.SendAsync(A.Consultation(id, ConsultationKind.Internal, 14.October(2024), participants: "li.na"));
        var unknownRequest = await host.SendAsync(A.Consultation(Guid.NewGuid(), ConsultationKind.ThirdParty, 14.October(2024)));
        var foreignMaterial = await host.SendAsync(A.Consultation(id, ConsultationKind.ThirdParty, 14.October(2024)) with { Materials = [Guid.NewGuid()] });

        Assert.Equal((false, false, false), (noDueDate.Accepted, unknownRequest.Accepted, foreignMaterial.Accepted));
        Assert.Contains("会商须设定", noDueDate.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM consultations"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM consultation_participants"));

        var consultation = A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "li.na");
        await host.SendAsync(consultation);
        var stranger = await host.SendAsync(Opinion(consultation, "wang.fang", OpinionPosition.Agree, 14.October(2024), "wang.fang"));
        var wrongRequest = await host.SendAsync(Opinion(consultation, "li.na", OpinionPosition.Agree, 14.October(2024), "li.na") with { RequestId = Guid.NewGuid() });
        Assert.Equal((false, false), (stranger.Accepted, wrongRequest.Accepted));
        Assert.Empty((await host.ConsultationAsync(consultation.ConsultationId)).Opinions);
    }

    [Fact]
    public async Task A_consultation_cannot_start_while_the_request_awaits_correction()
    {
        var (host, id) = await RequestReceivedOn27SeptemberAsync(8.October(2024));
        await using var _ = host;
        await host.SendAsync(A.CorrectionNotice(id, 8.October(2024), 18.October(2024)));

        var result = await host.SendAsync(A.Consultation(id, ConsultationKind.ThirdParty, 8.October(2024)));

        Assert.False(result.Accepted);
        Assert.Contains("待补正", result.Reason);
        Assert.Equal("AwaitingCorrection", (await host.RequestAsync(id)).CurrentState);
    }
}
