using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>One scenario per path through the procedure, on the real engine with a fake clock — written once, run
/// on the in-memory bus and on a real RabbitMQ.</summary>
public abstract class LifecycleScenarios
{
    protected abstract Task<Dictionary<string, string?>> TransportAsync();

    private async Task<WorkflowHost> StartAsync(NodaTime.LocalDate today) => await WorkflowHost.StartAsync(today, extra: await TransportAsync());

    [Fact]
    public async Task On_the_spot_reply()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));

        Assert.True((await host.SendAsync(request)).Accepted);
        var result = await host.SendAsync(A.Reply(request.RequestId, 27.September(2024), Outcome.AlreadyPublic, onTheSpot: true));

        Assert.True(result.Accepted, result.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Replied", r.CurrentState);
        Assert.True(r.Reply!.OnTheSpot);
        Assert.True(r.Reply.OnTime);
        Assert.Equal(CloseReason.Replied, r.CloseReason);
        Assert.Equal(["RegisterRequest", "ServeReply"], (await host.AuditAsync(request.RequestId)).Select(a => a.Activity));
        Assert.Equal(["RequestRegistered", "RequestClosed"], (await host.PublishedAsync()).Select(p => p.Type));
        Assert.All(await host.DeadlinesAsync(request.RequestId), d => Assert.NotEqual("pending", d.Status));
    }

    [Fact]
    public async Task Plain_reply_within_twenty_working_days()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var registered = await host.RowAsync(request.RequestId);
        Assert.Equal("InProgress", registered.State);
        Assert.Equal(30.October(2024), registered.ReplyDueOn);
        Assert.Equal(12.October(2024), registered.CorrectionDueOn);
        Assert.Equal($"{2024}-000001", registered.TrackingNumber);

        await host.AdvanceToAsync(29.October(2024));
        var result = await host.SendAsync(A.Reply(request.RequestId, 29.October(2024)));

        Assert.True(result.Accepted, result.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.True(r.Reply!.OnTime);
        Assert.False(r.Overdue);
        var published = (await host.PublishedAsync()).Select(p => p.Type).ToList();
        Assert.Equal(2, published.Count(t => t == "DeadlineApproaching"));
        Assert.DoesNotContain("DeadlineMissed", published);
    }

    [Fact]
    public async Task A_receipt_to_be_confirmed_starts_the_clock_on_confirmation()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: null);
        await host.SendAsync(request);
        Assert.Equal("Registered", (await host.RowAsync(request.RequestId)).State);
        Assert.Null((await host.RowAsync(request.RequestId)).ReplyDueOn);

        await host.AdvanceToAsync(29.September(2024));
        var result = await host.SendAsync(new Contracts.ConfirmReceipt { RequestId = request.RequestId, Actor = A.Caseworker, ReceivedOn = 29.September(2024) });

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(31.October(2024), (await host.RowAsync(request.RequestId)).ReplyDueOn);
    }

    [Fact]
    public async Task Correction_then_corrected_application_restarts_the_clock()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        await host.AdvanceToAsync(8.October(2024));
        Assert.True((await host.SendAsync(A.CorrectionNotice(request.RequestId, 8.October(2024), 18.October(2024)))).Accepted);
        Assert.Equal("AwaitingCorrection", (await host.RowAsync(request.RequestId)).State);

        await host.AdvanceToAsync(10.October(2024));
        var result = await host.SendAsync(new RecordCorrectedApplication { RequestId = request.RequestId, Actor = A.Caseworker, CorrectedOn = 10.October(2024) });

        Assert.True(result.Accepted, result.Reason);
        var row = await host.RowAsync(request.RequestId);
        Assert.Equal("InProgress", row.State);
        Assert.Equal(6.November(2024), row.ReplyDueOn);
        var deadlines = await host.DeadlinesAsync(request.RequestId);
        Assert.Contains(deadlines, d => d is { Kind: DeadlineKinds.CorrectionPeriodEnds, Status: "cancelled" });
        Assert.Contains(deadlines, d => d.Kind == DeadlineKinds.ReplyDue && d.DueOn == 6.November(2024) && d.Status == "pending");
    }

    [Fact]
    public async Task Correction_period_ends_without_correction_deemed_abandoned()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(8.October(2024));
        await host.SendAsync(A.CorrectionNotice(request.RequestId, 8.October(2024), 18.October(2024)));

        await host.AdvanceToAsync(18.October(2024));
        Assert.Equal("AwaitingCorrection", (await host.RowAsync(request.RequestId)).State);
        await host.AdvanceToAsync(19.October(2024));

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Closed", r.CurrentState);
        Assert.Equal(CloseReason.DeemedAbandoned, r.CloseReason);
        Assert.Equal(Outcome.OtherNotCorrected, r.Outcome);
        Assert.Equal(19.October(2024), r.ClosedOn);
        Assert.Contains(await host.AuditAsync(request.RequestId), a => a.Activity == "DeadlineReached:correction-period-ends" && a.Actor == "system");
    }

    [Fact]
    public async Task Third_party_consultation_stops_the_clock_and_silence_leaves_the_decision_to_the_agency()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        var consultation = A.Consultation(request.RequestId, ConsultationKind.ThirdParty, 14.October(2024));
        Assert.True((await host.SendAsync(consultation)).Accepted);

        var consulting = await host.RequestAsync(request.RequestId);
        Assert.Equal("Consulting", consulting.CurrentState);
        Assert.True(consulting.ClockStopped);
        Assert.Equal(4.November(2024), consulting.Consultations.Single().WindowDueOn);

        await host.AdvanceToAsync(5.November(2024));

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("InProgress", r.CurrentState);
        var ended = r.Consultations.Single();
        Assert.Equal(ConsultationEnd.SilenceAgencyDecides, ended.End);
        Assert.Equal(4.November(2024), ended.EndedOn);
        // (14 Oct, 4 Nov] holds 15 working days; 30 Oct + 15 working days = 20 Nov.
        Assert.Equal(15, r.PausedWorkingDays);
        Assert.Equal(20.November(2024), r.ReplyDueOn);
        Assert.False(r.Overdue);
    }

    [Fact]
    public async Task Other_agency_silence_is_deemed_consent()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(8.October(2024));
        await host.SendAsync(A.Consultation(request.RequestId, ConsultationKind.OtherAgency, 8.October(2024), participants: "县自然资源局"));

        await host.AdvanceToAsync(30.October(2024));

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(ConsultationEnd.SilenceDeemedConsent, r.Consultations.Single().End);
        Assert.Equal("InProgress", r.CurrentState);
    }

    [Fact]
    public async Task An_opinion_ends_the_consultation_and_the_clock_runs_again()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        var consultation = A.Consultation(request.RequestId, ConsultationKind.ThirdParty, 14.October(2024));
        await host.SendAsync(consultation);
        await host.AdvanceToAsync(25.October(2024));

        var result = await host.SendAsync(new RecordOpinion
        {
            RequestId = request.RequestId, Actor = A.Caseworker, ConsultationId = consultation.ConsultationId, Participant = "某建设有限公司",
            Position = OpinionPosition.Disagree, Reasoning = "涉及商业秘密", ReceivedOn = 25.October(2024),
        });

        Assert.True(result.Accepted, result.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.Equal(12.November(2024), r.ReplyDueOn);
    }

    [Fact]
    public async Task An_internal_joint_consultation_does_not_stop_the_clock()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));

        var result = await host.SendAsync(A.Consultation(request.RequestId, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "法律顾问 赵律师"));

        Assert.True(result.Accepted, result.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.False(r.ClockStopped);
        Assert.Equal(30.October(2024), r.ReplyDueOn);
    }

    [Fact]
    public async Task Extension_approved_adds_its_days()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(25.October(2024));

        Assert.True((await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 25.October(2024), Days = 20, Reason = "涉及档案检索量大" })).Accepted);
        Assert.Equal("AwaitingExtensionDecision", (await host.RowAsync(request.RequestId)).State);
        var decided = await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = true, Days = 15, DecidedOn = 25.October(2024) });

        Assert.True(decided.Accepted, decided.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.Equal(20.November(2024), r.ReplyDueOn);
        Assert.Equal(A.Head, r.Extension!.DecidedBy);
    }

    [Fact]
    public async Task Extension_refused_keeps_the_due_date()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(25.October(2024));
        await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 25.October(2024), Days = 20, Reason = "检索量大" });

        var decided = await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = false, DecidedOn = 28.October(2024) });

        Assert.False(decided.Accepted);
        Assert.Contains("审批日期", decided.Reason);
        await host.AdvanceToAsync(28.October(2024));
        decided = await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = false, DecidedOn = 28.October(2024) });
        Assert.True(decided.Accepted, decided.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(30.October(2024), r.ReplyDueOn);
        Assert.False(r.Extension!.Approved);
        var again = await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 28.October(2024), Days = 5, Reason = "再次" });
        Assert.False(again.Accepted);
        Assert.Contains("只能一次", again.Reason);
    }

    [Fact]
    public async Task Fee_notice_then_payment_excludes_the_span()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        Assert.True((await host.SendAsync(new IssueFeeNotice { RequestId = request.RequestId, Actor = A.Caseworker, ServedOn = 14.October(2024), Amount = 200m, Basis = "按件计收，第31件起每件200元" })).Accepted);
        var awaiting = await host.RequestAsync(request.RequestId);
        Assert.Equal("AwaitingFeePayment", awaiting.CurrentState);
        Assert.Equal(11.November(2024), awaiting.Fee!.PaymentDueOn);

        await host.AdvanceToAsync(25.October(2024));
        var paid = await host.SendAsync(new RecordPayment { RequestId = request.RequestId, Actor = A.Caseworker, PaidOn = 25.October(2024) });

        Assert.True(paid.Accepted, paid.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.Equal(12.November(2024), r.ReplyDueOn);
    }

    [Fact]
    public async Task Fee_not_paid_in_time_deemed_abandoned()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));
        await host.SendAsync(new IssueFeeNotice { RequestId = request.RequestId, Actor = A.Caseworker, ServedOn = 14.October(2024), Amount = 200m, Basis = "按件计收" });

        await host.AdvanceToAsync(12.November(2024));

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Closed", r.CurrentState);
        Assert.Equal(Outcome.OtherFeeNotPaid, r.Outcome);
        Assert.Equal(CloseReason.DeemedAbandoned, r.CloseReason);
    }

    [Fact]
    public async Task Withdrawal_closes_the_request()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(8.October(2024));

        var result = await host.SendAsync(new WithdrawRequest { RequestId = request.RequestId, Actor = A.Caseworker, WithdrawnOn = 8.October(2024), Reason = "申请人来电撤回" });

        Assert.True(result.Accepted, result.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Closed", r.CurrentState);
        Assert.Equal(CloseReason.Withdrawn, r.CloseReason);
        Assert.Equal(Outcome.OtherHandling, r.Outcome);
        Assert.All(await host.DeadlinesAsync(request.RequestId), d => Assert.NotEqual("pending", d.Status));
    }

    [Fact]
    public async Task A_supervisor_reassigns_an_open_request_and_nothing_else_moves()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var before = await host.RequestAsync(request.RequestId);

        var reassigned = await host.SendAsync(new ReassignHandler { RequestId = request.RequestId, Actor = A.Head, Handler = "王五" });
        var again = await host.SendAsync(new ReassignHandler { RequestId = request.RequestId, Actor = A.Head, Handler = "王五" });

        Assert.True(reassigned.Accepted, reassigned.Reason);
        Assert.False(again.Accepted);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("王五", r.Handler);
        Assert.Equal((before.CurrentState, before.ReplyDueOn), (r.CurrentState, r.ReplyDueOn));
        Assert.Equal(["RegisterRequest", "ReassignHandler"], (await host.AuditAsync(request.RequestId)).Select(a => a.Activity));
    }

    [Fact]
    public async Task The_reply_due_date_passing_flags_the_request_overdue_and_it_stays_open()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        await host.AdvanceToAsync(31.October(2024));

        var r = await host.RequestAsync(request.RequestId);
        Assert.True(r.Overdue);
        Assert.Equal("InProgress", r.CurrentState);
        Assert.Contains(await host.PublishedAsync(), p => p.Type == "DeadlineMissed");
        var late = await host.SendAsync(A.Reply(request.RequestId, 31.October(2024)));
        Assert.True(late.Accepted, late.Reason);
        Assert.False((await host.RequestAsync(request.RequestId)).Reply!.OnTime);
    }

    /// <summary>Issue 12 item 5: the saga stores ReplyClockStatus's decisions on its row in every step, and times the reply
    /// due date only while the clock runs: awaiting correction past the old due date is not overdue (Art. 30), a fee
    /// notice stops the clock (Art. 42), the reply is on time by the date in force and counted under its outcome.</summary>
    [Fact]
    public async Task The_row_holds_the_clock_decisions_and_a_stopped_clock_is_neither_timed_nor_overdue()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var registered = await host.RowAsync(request.RequestId);
        Assert.Equal((true, (NodaTime.LocalDate?)null, 30.October(2024)), (registered.ClockRunning, registered.StoppedSince, registered.ReplyDueOn));

        await host.AdvanceToAsync(8.October(2024));
        Assert.True((await host.SendAsync(A.CorrectionNotice(request.RequestId, 8.October(2024), 20.November(2024)))).Accepted);
        await host.AdvanceToAsync(6.November(2024));

        var waiting = await host.RowAsync(request.RequestId);
        Assert.Equal(("AwaitingCorrection", false, (NodaTime.LocalDate?)8.October(2024), false), (waiting.State, waiting.ClockRunning, waiting.StoppedSince, waiting.Overdue));
        Assert.DoesNotContain(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReplyDue && d.Status == "pending");
        Assert.DoesNotContain(await host.PublishedAsync(), p => p.Type == "DeadlineMissed");

        Assert.True((await host.SendAsync(new RecordCorrectedApplication { RequestId = request.RequestId, Actor = A.Caseworker, CorrectedOn = 6.November(2024) })).Accepted);
        var restarted = await host.RowAsync(request.RequestId);
        Assert.Equal((true, (NodaTime.LocalDate?)null), (restarted.ClockRunning, restarted.StoppedSince));
        Assert.Contains(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReplyDue && d.DueOn == restarted.ReplyDueOn && d.Status == "pending");

        await host.AdvanceToAsync(8.November(2024));
        Assert.True((await host.SendAsync(new IssueFeeNotice { RequestId = request.RequestId, Actor = A.Caseworker, ServedOn = 8.November(2024), Amount = 100m, Basis = "按件计收" })).Accepted);
        var fee = await host.RowAsync(request.RequestId);
        Assert.Equal(("AwaitingFeePayment", false, (NodaTime.LocalDate?)8.November(2024)), (fee.State, fee.ClockRunning, fee.StoppedSince));
        Assert.DoesNotContain(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReplyDue && d.Status == "pending");

        await host.AdvanceToAsync(12.November(2024));
        Assert.True((await host.SendAsync(new RecordPayment { RequestId = request.RequestId, Actor = A.Caseworker, PaidOn = 12.November(2024) })).Accepted);
        Assert.True((await host.SendAsync(A.Reply(request.RequestId, 12.November(2024), Outcome.PartlyDisclosed))).Accepted);

        var closed = await host.RowAsync(request.RequestId);
        Assert.Equal((false, (bool?)true, (bool?)true, (int?)200), (closed.ClockRunning, closed.OnTime, closed.OnTimeWithoutExtension, closed.CountedOutcome));
        Assert.True((await host.RequestAsync(request.RequestId)).Reply!.OnTime);
    }

    [Fact]
    public async Task A_withdrawn_request_counts_under_other_handling_and_is_not_timed()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(31.October(2024));
        Assert.True((await host.RowAsync(request.RequestId)).Overdue);

        Assert.True((await host.SendAsync(new WithdrawRequest { RequestId = request.RequestId, Actor = A.Caseworker, WithdrawnOn = 31.October(2024), Reason = "申请人来电撤回" })).Accepted);

        var row = await host.RowAsync(request.RequestId);
        Assert.Equal((false, (bool?)null, (bool?)null, (int?)603), (row.ClockRunning, row.OnTime, row.OnTimeWithoutExtension, row.CountedOutcome));
    }

    [Fact]
    public async Task Still_unclear_after_correction_needs_a_correction()
    {
        await using var host = await StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        Assert.False((await host.SendAsync(A.Reply(request.RequestId, 27.September(2024), Outcome.CannotProvideStillUnclear))).Accepted);

        await host.SendAsync(A.CorrectionNotice(request.RequestId, 27.September(2024), 8.October(2024)));
        await host.AdvanceToAsync(8.October(2024));
        await host.SendAsync(new RecordCorrectedApplication { RequestId = request.RequestId, Actor = A.Caseworker, CorrectedOn = 8.October(2024) });
        var result = await host.SendAsync(A.Reply(request.RequestId, 8.October(2024), Outcome.CannotProvideStillUnclear));

        Assert.True(result.Accepted, result.Reason);
    }
}

public sealed class LifecycleOnInMemoryBus : LifecycleScenarios
{
    protected override Task<Dictionary<string, string?>> TransportAsync() => Task.FromResult(new Dictionary<string, string?> { ["Transport"] = "InMemory" });

    // Recording an outcome does not depend on the transport: every outcome runs once, on the in-memory bus.
    public static TheoryData<Outcome> ReplyOutcomes()
    {
        var data = new TheoryData<Outcome>();
        foreach (var outcome in Outcomes.All.Where(o => o is not (Outcome.OtherNotCorrected or Outcome.OtherFeeNotPaid or Outcome.CannotProvideStillUnclear)))
            data.Add(outcome);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReplyOutcomes))]
    public async Task Every_outcome_can_be_served_and_is_recorded_for_the_report(Outcome outcome)
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        // Art. 35: 不予处理 for excessive requests follows the request for reasons.
        if (outcome == Outcome.NotProcessedExcessive)
            await host.SendAsync(new AskForReasons
            {
                RequestId = request.RequestId, Actor = A.Caseworker, AskedOn = 27.September(2024), ReplyWindowEndsOn = 8.October(2024), Grounds = "10日内申请30件。",
            });

        var result = await host.SendAsync(A.Reply(request.RequestId, 27.September(2024), outcome));

        Assert.True(result.Accepted, result.Reason);
        var row = await host.RowAsync(request.RequestId);
        Assert.Equal((int)outcome, row.Outcome);
        Assert.Equal(outcome == Outcome.NotProcessedPetition ? (int)CloseReason.NotAnOgiRequest : (int)CloseReason.Replied, row.CloseReason);
    }
}

/// <summary>The same scenarios over a real RabbitMQ node started by the test run on loopback (a virtual host each).</summary>
public sealed class LifecycleOnRabbitMq : LifecycleScenarios
{
    protected override async Task<Dictionary<string, string?>> TransportAsync()
    {
        var broker = await Testing.RabbitMqServer.StartSharedAsync();
        return new Dictionary<string, string?>
        {
            ["Transport"] = "RabbitMq",
            ["RabbitMq:Host"] = broker.Host,
            ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = await broker.CreateVirtualHostAsync("lifecycle"),
            ["RabbitMq:Username"] = broker.Username,
            ["RabbitMq:Password"] = broker.Password,
        };
    }
}
