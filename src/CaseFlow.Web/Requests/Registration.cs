using CaseFlow.Contracts;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Requests;

/// <summary>A validation problem: the field (the API's JSON name) and what is wrong, in both languages.</summary>
public sealed record FieldError(string Field, string Zh, string En);

/// <summary>登记 (Art. 29): what the registration form and <c>POST /api/requests</c> take. Strings as typed, so that
/// every problem can be named field by field before anything is sent to the workflow.</summary>
public sealed record RegistrationInput
{
    /// <summary>Optional, the API caller's own id for the new request: registering the same id again registers nothing
    /// and answers the request (idempotent registration).</summary>
    public Guid? RequestId { get; set; }
    public string? ApplicantType { get; set; }
    public string? ApplicantName { get; set; }
    public string? ApplicantIdDocument { get; set; }
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }
    public string? ApplicantAddress { get; set; }
    public string? Channel { get; set; }
    public string? Description { get; set; }
    public string? FormOfProvision { get; set; }
    public string? Purpose { get; set; }
    /// <summary>ISO date; empty when the receipt is yet to be confirmed (ordinary post, online, fax: Art. 31).</summary>
    public string? ReceivedOn { get; set; }
    public string? ReceiptEvidence { get; set; }
    public string? Handler { get; set; }

    /// <summary>The input's problems, field by field: dates must parse; everything else is the one command validator
    /// the bus filter also applies (<see cref="CommandValidation.Register"/>).</summary>
    public IReadOnlyList<FieldError> Validate(LocalDate today)
    {
        var errors = new List<FieldError>();
        LocalDate? receivedOn = null;
        if (!string.IsNullOrWhiteSpace(ReceivedOn))
        {
            var parsed = LocalDatePattern.Iso.Parse(ReceivedOn.Trim());
            if (parsed.Success)
                receivedOn = parsed.Value;
            else
                errors.Add(new FieldError("receivedOn", "「收到申请之日」不是有效日期。", "Received on is not a valid date."));
        }
        var command = new RegisterRequest
        {
            RequestId = Guid.Empty, Actor = "", AgencyCode = "validation",
            ApplicantType = ApplicantType ?? "", ApplicantName = ApplicantName?.Trim() ?? "", ApplicantIdDocument = ApplicantIdDocument?.Trim() ?? "",
            ApplicantPhone = ApplicantPhone?.Trim() ?? "", ApplicantEmail = Blank(ApplicantEmail), ApplicantAddress = Blank(ApplicantAddress),
            Channel = Channel ?? "", Description = Description?.Trim() ?? "", FormOfProvision = FormOfProvision ?? "", Purpose = Blank(Purpose),
            ReceivedOn = receivedOn, ReceiptEvidence = Blank(ReceiptEvidence), Handler = Blank(Handler),
        };
        foreach (var e in CommandValidation.Register(command, today))
            if (!(e.Field == "receivedOn" && errors.Any(f => f.Field == "receivedOn")))
                errors.Add(new FieldError(e.Field, e.Zh, e.En));
        return errors;
    }

    /// <summary>承办人 is a person of the agency, chosen from its enabled caseworkers and supervisors (never free text: a
    /// typed name would create a handler nobody signs in as). <paramref name="handlers"/> are their login names.</summary>
    public FieldError? HandlerError(IReadOnlyCollection<string> handlers) =>
        Blank(Handler) is { } handler && !handlers.Contains(handler)
            ? new FieldError("handler", "「承办人」须从本机关的承办人中选择。", "Handler must be one of this agency's caseworkers or supervisors (user name).")
            : null;

    /// <summary>The command for a valid input (call <see cref="Validate"/> first).</summary>
    public RegisterRequest ToCommand(Guid id, string actor, string agencyCode) => new()
    {
        RequestId = id, Actor = actor, AgencyCode = agencyCode,
        ApplicantType = ApplicantType!, ApplicantName = ApplicantName!.Trim(), ApplicantIdDocument = ApplicantIdDocument!.Trim(),
        ApplicantPhone = ApplicantPhone!.Trim(), ApplicantEmail = Blank(ApplicantEmail), ApplicantAddress = Blank(ApplicantAddress),
        Channel = Channel!, Description = Description!.Trim(), FormOfProvision = FormOfProvision!, Purpose = Blank(Purpose),
        ReceivedOn = string.IsNullOrWhiteSpace(ReceivedOn) ? null : LocalDatePattern.Iso.Parse(ReceivedOn.Trim()).Value,
        ReceiptEvidence = Blank(ReceiptEvidence), Handler = Blank(Handler) ?? actor,
    };

    /// <summary>The command for a valid input whose handler, when left empty, is the actor only if the actor may
    /// handle requests (a signed-in caseworker); an integrator's key leaves the request without a handler.</summary>
    public RegisterRequest ToCommand(Guid id, string actor, string agencyCode, IReadOnlyCollection<string> handlers) =>
        ToCommand(id, actor, agencyCode) with { Handler = Blank(Handler) ?? (handlers.Contains(actor) ? actor : null) };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Text similarity that works for Chinese: see <see cref="Domain.Supervision.TextSimilarity"/>.</summary>
public static class Similarity
{
    public static double Of(string a, string b) => Domain.Supervision.TextSimilarity.Of(a, b);
}
