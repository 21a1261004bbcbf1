using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 17 item 3, Art. 35 as letters: the 说明理由通知书 is the request for reasons and the 延迟答复告知书 sets the
/// later reasonable date; each is numbered and performs its act in the same step (issue 12: a letter that is an act).</summary>
public sealed class Art35LetterScenarios
{
    private static IssueLetter Letter(Guid id, LetterType type, LocalDate on, string reasons, LocalDate? windowEndsOn = null, LocalDate? laterOn = null) => new()
    {
        RequestId = id, Actor = A.Caseworker, FormToken = Guid.NewGuid().ToString(), Type = type,
        Title = type.ChineseName(), Addressee = "王小明", Content = $"# {type.ChineseName()}\n## {Persistence.Correspondence.Letters.NumberPlaceholder}\n正文。\n",
        Facts = "{\"input_reasons\":\"" + reasons + "\"}", PrivacyReview = "[]", IssuedOn = on, Reasons = reasons,
        ReasonsWindowEndsOn = windowEndsOn, ReasonableReplyDueOn = laterOn,
    };

    [Fact]
    public async Task The_numbered_request_for_reasons_asks_and_the_notice_of_the_later_date_sets_it()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        // The notice of a later date before the reasons were asked is refused, and numbers nothing.
        var early = await host.SendAsync(Letter(request.RequestId, LetterType.ReasonablePeriodNotice, 27.September(2024), "检索量大", laterOn: 29.November(2024)));
        Assert.False(early.Accepted);
        // A reply window that does not end after the day asked is refused (the AskForReasons rule).
        var noWindow = await host.SendAsync(Letter(request.RequestId, LetterType.ReasonsRequest, 27.September(2024), "该申请人10日内提出30件内容相近的申请"));
        Assert.False(noWindow.Accepted);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));

        var asked = await host.SendAsync(Letter(request.RequestId, LetterType.ReasonsRequest, 27.September(2024), "该申请人10日内提出30件内容相近的申请",
            windowEndsOn: 14.October(2024)));
        Assert.True(asked.Accepted, asked.Reason);
        Assert.Equal("〔2024〕说告第1号", asked.DocumentNumber);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(27.September(2024), r.ExcessiveInquiry!.AskedOn);
        Assert.Equal(14.October(2024), r.ExcessiveInquiry.ReplyWindowEndsOn);
        Assert.Equal("该申请人10日内提出30件内容相近的申请", r.ExcessiveInquiry.Grounds);
        Assert.Equal(asked.DocumentNumber, r.ExcessiveInquiry.AskedByLetter);
        Assert.Contains(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReasonsWindowEnds && d.DueOn == 14.October(2024));

        // Asked once: a second letter is refused.
        Assert.False((await host.SendAsync(Letter(request.RequestId, LetterType.ReasonsRequest, 27.September(2024), "再次", windowEndsOn: 20.October(2024)))).Accepted);

        await host.AdvanceToAsync(21.October(2024));
        var later = await host.SendAsync(Letter(request.RequestId, LetterType.ReasonablePeriodNotice, 21.October(2024), "涉及档案检索量大",
            laterOn: 29.November(2024)));
        Assert.True(later.Accepted, later.Reason);
        Assert.Equal("〔2024〕迟告第1号", later.DocumentNumber);
        r = await host.RequestAsync(request.RequestId);
        Assert.Equal(29.November(2024), r.ExcessiveInquiry!.ReasonablePeriodEndsOn);
        Assert.Equal(21.October(2024), r.ExcessiveInquiry.ReasonablePeriodDecidedOn);
        Assert.Equal(later.DocumentNumber, r.ExcessiveInquiry.ReasonablePeriodLetter);
        Assert.Equal(29.November(2024), r.ReplyDueOn);
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));
    }

    [Fact]
    public async Task A_batch_gives_each_request_its_own_numbered_letter_and_act()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var requests = new[] { A.Request(received: 27.September(2024)), A.Request(received: 27.September(2024)), A.Request(received: 27.September(2024)) };
        foreach (var request in requests)
            await host.SendAsync(request);

        var numbers = new List<string>();
        foreach (var request in requests)
        {
            var asked = await host.SendAsync(Letter(request.RequestId, LetterType.ReasonsRequest, 27.September(2024), "多人10日内提出内容相同的申请",
                windowEndsOn: 14.October(2024)));
            Assert.True(asked.Accepted, asked.Reason);
            numbers.Add(asked.DocumentNumber!);
            var r = await host.RequestAsync(request.RequestId);
            Assert.Equal(asked.DocumentNumber, r.ExcessiveInquiry!.AskedByLetter);
        }
        Assert.Equal(["〔2024〕说告第1号", "〔2024〕说告第2号", "〔2024〕说告第3号"], numbers);
    }
}
