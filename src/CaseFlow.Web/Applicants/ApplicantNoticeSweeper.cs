using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>Sends the applicant of an online application a notice when their request is confirmed (Art. 31(三)), a
/// correction is asked for (Art. 30) and it is closed. It reads the request's own state, so the workflow needs no change;
/// each notice is claimed before it is sent, so it goes at most once even with several web nodes.
/// Every <c>Notifications:ApplicantSweepSeconds</c> (default 30).</summary>
public sealed class ApplicantNoticeSweeper(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ApplicantNoticeSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Notifications:ApplicantSweepSeconds", 30)));
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again: a notice not claimed is not lost.
                logger.LogWarning(e, "Applicant notices failed; retrying on the next tick");
            }
        }
    }

    /// <summary>One pass: every notice due is claimed and sent. Returns how many were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var database = services.GetRequiredService<Database>();
        var notices = services.GetRequiredService<ApplicantNotices>();
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        var sent = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (requestId, state, data) in await ApplicantStore.NoticesDueAsync(connection))
        {
            var access = await ApplicantStore.AccessByRequestAsync(connection, requestId);
            if (access is null)
                continue;
            var request = SagaJson.Deserialize(data);
            var due = new List<(string Column, string Subject, string Body)>();
            if (access.ConfirmedNoticeAt is null && request.ReceivedOn is { } received)
                due.Add(("confirmed_notice_at", "您的政府信息公开申请已确认收到",
                    $"机关已确认收到您的申请，收到申请之日为{received:uuuu-MM-dd}（第三十一条第三项）。" +
                    (request.ReplyDueOn is { } dueOn && !request.IsClosed ? $"答复期限为{dueOn:uuuu-MM-dd}。" : "")));
            if (access.CorrectionNoticeAt is null && state == "AwaitingCorrection" && request.CorrectionNotice is { } notice)
                due.Add(("correction_notice_at", "请补正您的政府信息公开申请",
                    $"机关告知您补正申请（第三十条），请于{notice.PeriodEndsOn:uuuu-MM-dd}前补正：\n- {string.Join("\n- ", notice.Items)}\n可在“我的申请”中网上补正。"));
            if (access.ClosedNoticeAt is null && request.ClosedOn is { } closed)
                due.Add(("closed_notice_at", "您的政府信息公开申请已办理结束",
                    $"您的申请已于{closed:uuuu-MM-dd}办理结束。欢迎在“我的申请”中对办理情况进行评价（好差评）。"));
            foreach (var (column, subject, body) in due)
            {
                if (await ApplicantStore.MarkNoticeAsync(connection, requestId, column, now) == 0)
                    continue;
                await notices.SendAsync(access, subject, body, cancellationToken);
                sent++;
            }
        }
        return sent;
    }
}
