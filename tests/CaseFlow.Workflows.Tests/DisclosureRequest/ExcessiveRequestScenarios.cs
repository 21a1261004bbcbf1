using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 17 item 3, Art. 35: 申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由
/// 不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。</summary>
public sealed class ExcessiveRequestScenarios
{
    private static AskForReasons Ask(Guid id, LocalDate on, LocalDate windowEndsOn) => new()
    {
        RequestId = id, Actor = A.Caseworker, AskedOn = on, ReplyWindowEndsOn = windowEndsOn, Grounds = "该申请人10日内提出30件内容相近的申请。",
    };

    private static SetReasonablePeriod Later(Guid id, LocalDate on, LocalDate dueOn) => new()
    {
        RequestId = id, Actor = A.Caseworker, DecidedOn = on, ReplyDueOn = dueOn, Reasons = "申请人说明系课题研究需要，理由合理；涉及档案检索量大。",
    };

    private static IssueLetter Reply504(Guid id, LocalDate on) => new()
    {
        RequestId = id, Actor = A.Caseworker, FormToken = Guid.NewGuid().ToString(), Type = LetterType.Reply, Outcome = Outcome.NotProcessedExcessive,
        Title = "政府信息公开申请答复书", Addressee = "王小明", Content = $"# 政府信息公开申请答复书\n## {Persistence.Correspondence.Letters.NumberPlaceholder}\n正文。\n",
        Facts = "{\"input_reasons\":\"申请人未在期限内说明理由。\"}", PrivacyReview = "[]", IssuedOn = on, Reasons = "申请人未在期限内说明理由。",
    };

    [Fact]
    public async Task A_later_reasonable_reply_date_becomes_the_due_date_and_a_reply_by_it_is_on_time()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        Assert.Equal(30.October(2024), (await host.RequestAsync(request.RequestId)).ReplyDueOn);

        // Before asking for the reasons, no later date can be set (Art. 35).
        Assert.False((await host.SendAsync(Later(request.RequestId, 27.September(2024), 29.November(2024)))).Accepted);

        Assert.True((await host.SendAsync(Ask(request.RequestId, 27.September(2024), 14.October(2024)))).Accepted);
        await host.AdvanceToAsync(21.October(2024));
        var set = await host.SendAsync(Later(request.RequestId, 21.October(2024), 29.November(2024)));
        Assert.True(set.Accepted, set.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(29.November(2024), r.ReplyDueOn);

        // Past the Art. 33 date the request is not overdue; a reply served on 28 November is on time against the later date.
        await host.AdvanceToAsync(28.November(2024));
        r = await host.RequestAsync(request.RequestId);
        Assert.False(r.Overdue);
        Assert.DoesNotContain(await host.PublishedAsync(), p => p.Type == "DeadlineMissed");
        Assert.True((await host.SendAsync(A.Reply(request.RequestId, 28.November(2024)))).Accepted);
        r = await host.RequestAsync(request.RequestId);
        Assert.True(r.OnTime);
        Assert.True(r.Reply!.OnTime);
    }

    [Fact]
    public async Task The_timer_at_the_end_of_the_reasons_window_records_that_it_ran_out()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var other = A.Request(received: 27.September(2024));
        await host.SendAsync(other);

        await host.SendAsync(Ask(request.RequestId, 27.September(2024), 14.October(2024)));
        await host.SendAsync(Ask(other.RequestId, 27.September(2024), 14.October(2024)));
        Assert.Contains(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReasonsWindowEnds && d.DueOn == 14.October(2024));
        // A later date decided before the window ends: no timer is left to fire.
        await host.AdvanceToAsync(11.October(2024));
        Assert.True((await host.SendAsync(Later(other.RequestId, 11.October(2024), 29.November(2024)))).Accepted);

        // On the last day of the window nothing is recorded yet; the day after, the window has run out.
        await host.AdvanceToAsync(14.October(2024));
        Assert.Null((await host.RequestAsync(request.RequestId)).ExcessiveInquiry!.WindowEndedOn);
        await host.AdvanceToAsync(15.October(2024));
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(14.October(2024), r.ExcessiveInquiry!.WindowEndedOn);
        Assert.Equal(nameof(DisclosureRequestStateMachine.InProgress), r.CurrentState);
        Assert.DoesNotContain(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReasonsWindowEnds && d.Status == "pending");
        Assert.Null((await host.RequestAsync(other.RequestId)).ExcessiveInquiry!.WindowEndedOn);
        Assert.DoesNotContain(await host.DeadlinesAsync(other.RequestId), d => d.Kind == DeadlineKinds.ReasonsWindowEnds && d.Status == "pending");

        // The refusal or the later date is still possible afterwards.
        Assert.True((await host.SendAsync(Later(request.RequestId, 15.October(2024), 29.November(2024)))).Accepted);
    }

    [Fact]
    public async Task The_refusal_not_processed_needs_the_reasons_asked_first_and_counts_in_row_five_four()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var tooEarly = await host.SendAsync(Reply504(request.RequestId, 27.September(2024)));
        Assert.False(tooEarly.Accepted);
        Assert.Contains("第三十五条", tooEarly.Reason);

        await host.SendAsync(Ask(request.RequestId, 27.September(2024), 14.October(2024)));
        await host.AdvanceToAsync(15.October(2024));
        var issued = await host.SendAsync(Reply504(request.RequestId, 15.October(2024)));
        Assert.True(issued.Accepted, issued.Reason);
        var served = await host.SendAsync(new RecordLetterService
        {
            RequestId = request.RequestId, Actor = A.Caseworker, LetterId = issued.LetterId!, Method = "Post", ServedOn = 15.October(2024), Evidence = "挂号信 XA0504",
        });
        Assert.True(served.Accepted, served.Reason);

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(Outcome.NotProcessedExcessive, r.CountedOutcome);
        Assert.Equal(ReportRow.NotProcessedExcessive, r.CountedOutcome!.Value.Row());
        Assert.True(r.OnTime);
    }

    [Fact]
    public async Task A_batch_decision_sets_the_later_date_on_each_request_of_the_applicant()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var requests = Enumerable.Range(0, 3).Select(_ => A.Request(received: 27.September(2024))).ToList();
        foreach (var request in requests)
        {
            await host.SendAsync(request);
            await host.SendAsync(Ask(request.RequestId, 27.September(2024), 14.October(2024)));
        }

        // One decision, one command (and one letter) per request.
        var results = new List<Contracts.CommandResult>();
        foreach (var request in requests)
            results.Add(await host.SendAsync(Later(request.RequestId, 27.September(2024), 29.November(2024))));

        Assert.All(results, x => Assert.True(x.Accepted, x.Reason));
        foreach (var request in requests)
            Assert.Equal(29.November(2024), (await host.RequestAsync(request.RequestId)).ReplyDueOn);
    }
}

/// <summary>The Art. 35 guards as a table.</summary>
public sealed class ReasonablePeriodRuleTable
{
    [Theory]
    [InlineData("2024-10-21", "2024-11-29", "申请理由合理", null)]
    [InlineData("2024-10-21", "2024-10-30", "申请理由合理", "晚于现行答复期限")]
    [InlineData("2024-10-21", "2025-12-01", "申请理由合理", "不超过决定之日起一年")]
    [InlineData("2024-10-31", "2024-11-29", "申请理由合理", "届满")]
    [InlineData("2024-10-21", "2024-11-29", " ", "原因")]
    public void A_later_reasonable_reply_date(string decidedOn, string dueOn, string reasons, string? refusedFor)
    {
        var r = new DisclosureRequestState
        {
            ReceivedOn = new LocalDate(2024, 9, 27), ReplyDueOn = new LocalDate(2024, 10, 30),
            ExcessiveInquiry = new ExcessiveRequestInquiry(new LocalDate(2024, 9, 27), new LocalDate(2024, 10, 14), "大量申请", A.Caseworker),
        };
        var c = new SetReasonablePeriod
        {
            RequestId = Guid.NewGuid(), Actor = A.Caseworker, DecidedOn = NodaTime.Text.LocalDatePattern.Iso.Parse(decidedOn).Value,
            ReplyDueOn = NodaTime.Text.LocalDatePattern.Iso.Parse(dueOn).Value, Reasons = reasons,
        };

        var refusal = Rules.ReasonablePeriod(r, c, new LocalDate(2024, 11, 1));

        if (refusedFor is null)
            Assert.Null(refusal);
        else
            Assert.Contains(refusedFor, refusal!.Zh);
    }
}
