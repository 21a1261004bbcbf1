using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 12: the letter is the act. Issuing or serving a letter and its effect on the request are one step of the
/// request's workflow, on the real engine with a fake clock.</summary>
public sealed class LetterScenarios
{
    private static IssueLetter Letter(Guid id, LetterType type, LocalDate on, Outcome? outcome = null, string? token = null, string? reasons = null) => new()
    {
        RequestId = id, Actor = A.Caseworker, FormToken = token ?? Guid.NewGuid().ToString(), Type = type, Outcome = outcome,
        Title = type.ChineseName(), Addressee = "王小明", Content = $"# {type.ChineseName()}\n## {Persistence.Correspondence.Letters.NumberPlaceholder}\n正文。\n",
        Facts = "{\"input_reasons\":\"" + (reasons ?? "") + "\",\"fee_method\":\"per-application\",\"fee_quantity\":\"41\",\"input_fee_amount\":\"300\",\"input_fee_basis\":\"按件计收\"}", PrivacyReview = "[]",
        IssuedOn = on, Reasons = reasons,
    };

    private static RecordLetterService Service(Guid id, string letterId, LocalDate on) => new()
    {
        RequestId = id, Actor = A.Caseworker, LetterId = letterId, Method = "Post", ServedOn = on, Evidence = "挂号信 XA0001",
    };

    [Fact]
    public async Task Serving_the_reply_letter_is_the_reply_and_closes_the_request_on_the_service_date()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(14.October(2024));

        var issued = await host.SendAsync(Letter(request.RequestId, LetterType.Reply, 14.October(2024), Outcome.PartlyDisclosed, reasons: "涉及个人隐私的部分不予公开。"));
        Assert.True(issued.Accepted, issued.Reason);
        Assert.Equal("InProgress", issued.State);
        Assert.Matches(@"〔2024〕答第1号", issued.DocumentNumber);

        await host.AdvanceToAsync(16.October(2024));
        var served = await host.SendAsync(Service(request.RequestId, issued.LetterId!, 15.October(2024)));

        Assert.True(served.Accepted, served.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Replied", r.CurrentState);
        Assert.Equal(Outcome.PartlyDisclosed, r.Outcome);
        Assert.Equal(15.October(2024), r.ClosedOn);
        Assert.Equal(15.October(2024), r.Reply!.ServedOn);
        Assert.Equal("涉及个人隐私的部分不予公开。", r.Reply.Reasons);
        Assert.Contains("第三十七条", r.Reply.LegalBasis);
        Assert.Equal(issued.DocumentNumber, r.Reply.LetterDocumentNumber);
        Assert.True(r.Reply.OnTime);
        Assert.Equal(CloseReason.Replied, r.CloseReason);
        Assert.Contains("RequestClosed", (await host.PublishedAsync()).Select(p => p.Type));
        Assert.Contains("LetterServed", (await host.PublishedAsync()).Select(p => p.Type));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letter_services WHERE letter_id = @Id", new { Id = issued.LetterId }));
        Assert.All(await host.DeadlinesAsync(request.RequestId), d => Assert.NotEqual("pending", d.Status));
    }

    [Fact]
    public async Task The_same_form_token_never_numbers_a_second_letter()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var first = await host.SendAsync(Letter(request.RequestId, LetterType.Receipt, 27.September(2024), token: "form-1"));
        var again = await host.SendAsync(Letter(request.RequestId, LetterType.Receipt, 27.September(2024), token: "form-1"));
        var other = await host.SendAsync(Letter(request.RequestId, LetterType.Receipt, 27.September(2024), token: "form-2"));

        Assert.True(again.Accepted, again.Reason);
        Assert.Equal(first.LetterId, again.LetterId);
        Assert.Equal(first.DocumentNumber, again.DocumentNumber);
        Assert.NotEqual(first.LetterId, other.LetterId);
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));
    }

    [Fact]
    public async Task The_correction_notice_letter_is_the_correction_notice()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var letter = Letter(request.RequestId, LetterType.CorrectionNotice, 27.September(2024)) with
        {
            CorrectionItems = ["请明确所需信息的时间范围"], CorrectionPeriodEndsOn = 14.October(2024),
        };
        var issued = await host.SendAsync(letter);

        Assert.True(issued.Accepted, issued.Reason);
        Assert.Equal("AwaitingCorrection", issued.State);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(["请明确所需信息的时间范围"], r.CorrectionNotice!.Items);
        Assert.Equal(14.October(2024), r.CorrectionNotice.PeriodEndsOn);
        Assert.Contains((await host.DeadlinesAsync(request.RequestId)), d => d.Kind == DeadlineKinds.CorrectionPeriodEnds && d.Status == "pending");

        // Art. 30: once only — a second correction notice letter is refused and numbers nothing.
        var second = await host.SendAsync(letter with { FormToken = "another" });
        Assert.False(second.Accepted);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));
    }

    [Fact]
    public async Task Serving_the_fee_notice_starts_the_payment_window()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var issued = await host.SendAsync(Letter(request.RequestId, LetterType.FeeNotice, 27.September(2024)));
        Assert.Equal("InProgress", issued.State);

        await host.AdvanceToAsync(8.October(2024));
        var served = await host.SendAsync(Service(request.RequestId, issued.LetterId!, 8.October(2024)));

        Assert.True(served.Accepted, served.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("AwaitingFeePayment", r.CurrentState);
        Assert.Equal(8.October(2024), r.Fee!.ServedOn);
        Assert.Equal(300m, r.Fee.Amount);
    }

    [Fact]
    public async Task A_reply_letter_is_refused_for_an_outcome_the_facts_do_not_allow()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        // Art. 30: "still unclear after correction" needs a correction first.
        var refused = await host.SendAsync(Letter(request.RequestId, LetterType.Reply, 27.September(2024), Outcome.CannotProvideStillUnclear, reasons: "仍不明确。"));

        Assert.False(refused.Accepted);
        Assert.Contains("第三十条", refused.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));
    }

    [Fact]
    public async Task The_extension_notice_follows_the_decision()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 27.September(2024), Days = 10, Reason = "检索量大" });

        var early = await host.SendAsync(Letter(request.RequestId, LetterType.ExtensionNotice, 27.September(2024)));
        Assert.False(early.Accepted);
        Assert.Contains("第三十三条第二款", early.Reason);

        await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = true, Days = 10, DecidedOn = 27.September(2024) });
        var after = await host.SendAsync(Letter(request.RequestId, LetterType.ExtensionNotice, 27.September(2024)));
        Assert.True(after.Accepted, after.Reason);
    }

    [Fact]
    public async Task An_on_the_spot_reply_is_issued_and_served_in_person_in_one_step()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var issued = await host.SendAsync(Letter(request.RequestId, LetterType.Reply, 27.September(2024), Outcome.AlreadyPublic) with
        {
            ServedInPersonEvidence = "当场送达申请人",
        });

        Assert.True(issued.Accepted, issued.Reason);
        Assert.Equal("Replied", issued.State);
        var r = await host.RequestAsync(request.RequestId);
        Assert.True(r.Reply!.OnTheSpot);
        Assert.Equal(issued.DocumentNumber, r.Reply.LetterDocumentNumber);
        Assert.Equal("InPerson", await host.ScalarAsync<string>("SELECT method FROM letter_services WHERE letter_id = @Id", new { Id = issued.LetterId }));
    }

    [Fact]
    public async Task A_refused_service_changes_nothing_and_a_retry_works()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var issued = await host.SendAsync(Letter(request.RequestId, LetterType.Reply, 27.September(2024), Outcome.Disclosed));

        var future = await host.SendAsync(Service(request.RequestId, issued.LetterId!, 30.September(2024)));
        Assert.False(future.Accepted);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letter_services WHERE letter_id = @Id", new { Id = issued.LetterId }));
        Assert.Equal("InProgress", (await host.RequestAsync(request.RequestId)).CurrentState);

        var retry = await host.SendAsync(Service(request.RequestId, issued.LetterId!, 27.September(2024)));
        Assert.True(retry.Accepted, retry.Reason);
        Assert.Equal("Replied", retry.State);
    }

    [Fact]
    public async Task The_supervisors_hear_that_an_extension_waits_and_the_handler_hears_the_decision()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        await host.ScalarAsync<long>("INSERT INTO agencies (code, name, calendar_id, warning_lead_working_days, created_at) VALUES ('county-gov', '县政府办', 'cn', 5, '2024-09-01T00:00:00Z') RETURNING 1");
        await host.ScalarAsync<long>("""
            INSERT INTO users (id, user_name, display_name, agency_code, role, password_hash, created_at)
            VALUES ('u1', '李主任', '李主任', 'county-gov', 'supervisor', 'x', '2024-09-01T00:00:00Z') RETURNING 1
            """);
        var request = A.Request(received: 27.September(2024)) with { Handler = A.Caseworker };
        await host.SendAsync(request);

        await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 27.September(2024), Days = 10, Reason = "检索量大" });
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_name = '李主任' AND kind = 'extension-waiting' AND text_zh LIKE '%待您审批%'"));

        await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = true, Days = 10, DecidedOn = 27.September(2024) });
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE user_name = @Handler AND kind = 'extension-decided' AND text_zh LIKE '%请签发延期答复告知书%'",
            new { Handler = A.Caseworker }));
    }
}
