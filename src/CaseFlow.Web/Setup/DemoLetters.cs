using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using NodaTime;

namespace CaseFlow.Web.Setup;

/// <summary>The demo's letters, through the real path (issue 12): the letters desk drafts them, the request's workflow numbers
/// and performs them, the supervisor signs off the replies, and their service is recorded: a receipt, a correction notice
/// (which is the correction notice), a fee notice (whose service starts the payment window) and two replies (whose service
/// is the reply).</summary>
public static class DemoLetters
{
    private const string Actor = "zhang.wei";
    private const string Supervisor = "wang.fang";

    /// <summary>The caseworker's fields a demo letter may need; the rest of each letter comes from its request.</summary>
    private static readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal)
    {
        ["input_where"] = "示范县人民政府门户网站“政府信息公开”专栏",
        ["input_how"] = "以纸质形式邮寄提供，自本答复书送达之日起10个工作日内寄出",
        ["input_reconsideration_body"] = "示范市人民政府",
        ["input_court"] = "示范县人民法院",
        ["input_reasons"] = "名录中涉及个人隐私的联系方式不予公开（第十五条）。",
        ["input_correction_items"] = "请写明所需文件的名称、文号或者便于查询的其他特征性描述",
        ["input_fee_method"] = "per-volume",
        ["input_fee_pages"] = "60",
        ["input_fee_amount"] = "300",
        ["input_fee_reduction_reason"] = "",
        ["input_payment_method"] = "银行转账或窗口缴纳",
    };

    public static async Task IssueAsync(IServiceProvider services, Guid receipt, Guid correctionNotice, Guid feeNotice, IReadOnlyList<Guid> replies)
    {
        var today = services.GetRequiredService<LetterDesk>().Today;
        Inputs["input_correction_period_ends_on"] = today.PlusDays(15).ToString("uuuu-MM-dd", null);
        await IssueAsync(services, receipt, LetterType.Receipt, null);
        await IssueAsync(services, correctionNotice, LetterType.CorrectionNotice, null);
        await ServeAsync(services, feeNotice, await IssueAsync(services, feeNotice, LetterType.FeeNotice, null), "Post", "挂号信 XA20260001");
        await ServeAsync(services, replies[0], await IssueAsync(services, replies[0], LetterType.Reply, Outcome.AlreadyPublic), "InPerson", "送达回证（申请人签收）");
        await ServeAsync(services, replies[1], await IssueAsync(services, replies[1], LetterType.Reply, Outcome.PartlyDisclosed), "Email", "电子邮件送达记录");
    }

    private static async Task<string> IssueAsync(IServiceProvider services, Guid requestId, LetterType type, Outcome? outcome)
    {
        var reader = services.GetRequiredService<RequestReader>();
        var desk = services.GetRequiredService<LetterDesk>();
        var view = await View(reader, requestId, type);
        var form = new LetterForm { Type = type.Slug(), Outcome = (int?)outcome };
        foreach (var input in LetterFacts.ActInputs(type))
            form.Inputs[input] = Inputs[input];
        var draft = await desk.DraftAsync(view, form)
            ?? throw new InvalidOperationException($"Demo data: the {type.EnglishName()} cannot be drafted.");
        foreach (var input in draft.Template.Inputs.Where(i => !draft.Values.ContainsKey(i)))
            form.Inputs[input] = Inputs.GetValueOrDefault(input) ?? throw new InvalidOperationException($"Demo data: no demo text for {input}.");
        // A demo letter names only its own applicant; any other number the check finds is kept as confirmed by the caseworker.
        foreach (var hit in (await desk.DraftAsync(view, form))!.Hits)
            form.Privacy[hit.Key] = LetterDesk.Confirm;
        var result = await desk.IssueAsync(view, form, Actor);
        if (result.Submitted is { } submitted)
        {
            var approved = await services.GetRequiredService<ReviewDesk>().DecideAsync(view, submitted.Id, new ReviewInput
            {
                Decision = "approve", Checklist = ReviewDesk.Checklist.ToDictionary(c => c.Key, _ => true),
            }, Supervisor, Roles.Supervisor);
            return approved.Letter?.Id
                ?? throw new InvalidOperationException($"Demo data: the {type.EnglishName()} was not signed off: {string.Join("; ", approved.Errors.Select(e => e.En))}");
        }
        return result.Letter?.Id
            ?? throw new InvalidOperationException($"Demo data: the {type.EnglishName()} was refused: {string.Join("; ", result.Errors.Select(e => e.En))}");
    }

    private static async Task ServeAsync(IServiceProvider services, Guid requestId, string letterId, string method, string evidence)
    {
        var desk = services.GetRequiredService<LetterDesk>();
        var view = await View(services.GetRequiredService<RequestReader>(), requestId, LetterType.Receipt);
        var errors = await desk.RecordServiceAsync(view, letterId, method, desk.Today.ToString("uuuu-MM-dd", null), evidence, Actor);
        if (errors.Count > 0)
            throw new InvalidOperationException($"Demo data: the service of a letter was refused: {string.Join("; ", errors.Select(e => e.En))}");
    }

    private static async Task<RequestView> View(RequestReader reader, Guid requestId, LetterType type) =>
        await reader.FindAsync(requestId, DemoData.AgencyCode)
        ?? throw new InvalidOperationException($"Demo data: no request {requestId} for its {type.EnglishName()}.");
}
