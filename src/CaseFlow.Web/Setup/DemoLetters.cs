using CaseFlow.Domain.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;

namespace CaseFlow.Web.Setup;

/// <summary>The demo's letters, issued through the real letters desk (numbered, privacy-checked, frozen, in the audit trail),
/// so a new user finds numbered letters on the demo requests: a receipt, a correction notice and a reply.</summary>
public static class DemoLetters
{
    private const string Actor = "zhang.wei";

    /// <summary>The caseworker's fields a demo letter may need; the rest of each letter comes from its request.</summary>
    private static readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal)
    {
        ["input_where"] = "示范县人民政府门户网站“政府信息公开”专栏",
        ["input_how"] = "以纸质形式邮寄提供，自本答复书送达之日起10个工作日内寄出",
        ["input_reconsideration_body"] = "示范市人民政府",
        ["input_court"] = "示范县人民法院",
    };

    public static async Task IssueAsync(IServiceProvider services, Guid receipt, Guid correctionNotice, Guid reply)
    {
        var reader = services.GetRequiredService<RequestReader>();
        var desk = services.GetRequiredService<LetterDesk>();
        foreach (var (requestId, type) in new[] { (receipt, LetterType.Receipt), (correctionNotice, LetterType.CorrectionNotice), (reply, LetterType.Reply) })
        {
            var view = await reader.FindAsync(requestId, DemoData.AgencyCode)
                ?? throw new InvalidOperationException($"Demo data: no request {requestId} for its {type.EnglishName()}.");
            var form = new LetterForm { Type = type.Slug(), Outcome = (int?)view.State.Reply?.Outcome };
            var draft = await desk.DraftAsync(view, form)
                ?? throw new InvalidOperationException($"Demo data: the {type.EnglishName()} cannot be drafted.");
            foreach (var input in draft.Template.Inputs.Where(i => !draft.Values.ContainsKey(i)))
                form.Inputs[input] = Inputs.GetValueOrDefault(input) ?? throw new InvalidOperationException($"Demo data: no demo text for {input}.");
            // A demo letter names only its own applicant; any other number the check finds is kept as confirmed by the caseworker.
            foreach (var hit in (await desk.DraftAsync(view, form))!.Hits)
                form.Privacy[hit.Key] = LetterDesk.Confirm;
            var (letter, errors) = await desk.IssueAsync(view, form, Actor);
            if (letter is null)
                throw new InvalidOperationException($"Demo data: the {type.EnglishName()} was refused: {string.Join("; ", errors.Select(e => e.En))}");
        }
    }
}
