using System.Security.Claims;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Infrastructure;

namespace CaseFlow.Web.Requests;

/// <summary>Art. 35 for several requests of one applicant (from the API or an early-warning alert): one decision, sent as
/// one command per request; each request's workflow applies its own rules and keeps its own record.</summary>
public sealed class RequestBatch(RequestReader reader, RequestCommands commands)
{
    /// <summary>Actions that may be decided for several requests of one applicant at once.</summary>
    public static readonly string[] Actions = ["reasons-request", "reasonable-period"];

    public sealed record Item(Guid RequestId, string TrackingNumber, bool Accepted, string? Reason, string? ReasonEn);

    /// <summary>Null when a request is not found in the caller's agency; otherwise the field errors (nothing sent) or the
    /// result per request.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, IReadOnlyList<Item> Results)?> DecideAsync(ActionSpec spec, IReadOnlyCollection<Guid> requestIds,
        ActionInput input, ClaimsPrincipal user)
    {
        var ids = requestIds.Distinct().ToList();
        if (ids.Count is < 1 or > 100)
            return ([new FieldError("requestIds", "请选择1至100件申请。", "Choose 1 to 100 requests.")], []);
        var views = new List<RequestView>();
        foreach (var id in ids)
        {
            if (await reader.FindAsync(id, user.AgencyCode()) is not { } view)
                return null;
            views.Add(view);
        }
        if (views.Select(v => v.State.Applicant.IdDocument.Trim()).Distinct().Count() > 1)
            return ([new FieldError("requestIds", "批量处理的申请须为同一申请人提出（第三十五条）。", "A batch holds requests of one applicant (Art. 35).")], []);
        var built = views.Select(v => (View: v, Built: RequestActions.Build(spec, input, v.State.CorrelationId, user.Actor(), reader.Today))).ToList();
        if (built.FirstOrDefault(b => b.Built.Command is null) is { View: not null } invalid)
            return (invalid.Built.Errors, []);
        var results = new List<Item>();
        foreach (var (view, (command, _)) in built)
        {
            var result = await RequestActions.SendAsync(commands, command!);
            results.Add(new Item(view.State.CorrelationId, view.State.TrackingNumber, result.Accepted, result.Reason, result.ReasonEn));
        }
        return ([], results);
    }
}
