using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CaseFlow.Web.Api;

/// <summary><c>/api/proactive-disclosures</c> (Art. 44, issue 17 item 4): the caller's agency's information marked for
/// proactive disclosure, marking it from a group of the agency's requests, and recording its publication. Caseworkers and
/// supervisors (cookie or API key); JSON; bad input is ProblemDetails naming the field; another agency's mark is 404.</summary>
public static class ProactiveDisclosuresApi
{
    public static IEndpointRouteBuilder MapCaseFlowProactiveDisclosuresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/proactive-disclosures").RequireAuthorization(Policies.Casework).WithTags("ProactiveDisclosures").DisableAntiforgery();
        api.MapGet("/", List).WithName("ListProactiveDisclosures");
        api.MapPost("/", Mark).WithName("MarkForProactiveDisclosure");
        api.MapPost("/{id}/publication", Publish).WithName("RecordProactiveDisclosurePublication");
        return app;
    }

    public sealed record MarkInput(string? Subject, IReadOnlyList<string>? RequestIds);

    public sealed record PublicationInput(string? PublishedOn, string? Url);

    public sealed record Item(string Id, string Subject, IReadOnlyList<string> RequestIds, string MarkedBy, Instant MarkedAt, LocalDate MarkedOn,
        LocalDate? PublishedOn, string? PublishedUrl, string? PublishedBy, Instant? PublishedAt);

    private static Item From(ProactiveDisclosure m) => new(m.Id, m.Subject, m.RequestIds, m.MarkedBy, m.MarkedAt, m.MarkedAt.InZone(ChinaTime.Zone).Date,
        m.PublishedOn, m.PublishedUrl, m.PublishedBy, m.PublishedAt);

    private static bool English(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static ValidationProblem Invalid(HttpContext http, FieldError e) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field == "requests" ? "requestIds" : e.Field] = [English(http) ? e.En : e.Zh] },
            title: English(http) ? "The request has invalid fields." : "提交的信息有误。");

    private static async Task<Ok<IReadOnlyList<Item>>> List(HttpContext http, ProactiveDisclosureDesk desk) =>
        TypedResults.Ok<IReadOnlyList<Item>>((await desk.ListAsync(http.User.AgencyCode())).Select(From).ToList());

    private static async Task<Results<Created<Item>, ValidationProblem>> Mark(HttpContext http, MarkInput input, ProactiveDisclosureDesk desk)
    {
        var (mark, error) = await desk.MarkAsync(http.User, input.Subject, input.RequestIds);
        return error is not null ? Invalid(http, error) : TypedResults.Created($"/api/proactive-disclosures/{mark!.Id}", From(mark));
    }

    private static async Task<Results<Ok<Item>, ValidationProblem, NotFound>> Publish(HttpContext http, string id, PublicationInput input,
        ProactiveDisclosureDesk desk)
    {
        var (found, error) = await desk.PublishAsync(http.User, id, input.PublishedOn, input.Url);
        if (!found)
            return TypedResults.NotFound();
        if (error is not null)
            return Invalid(http, error);
        return TypedResults.Ok(From((await desk.ListAsync(http.User.AgencyCode())).First(m => m.Id == id)));
    }
}
