using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.RecordCorrections;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.RecordCorrections;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.RecordCorrections;
using NodaTime;
using NodaTime.Text;
using System.Security.Claims;

namespace CaseFlow.Web.RecordCorrections;

/// <summary>登记更正申请: what the page and the API send (field names as in the API's JSON).</summary>
public sealed record CorrectionApplicationInput
{
    public Guid? Id { get; init; }
    public string? ApplicantName { get; init; }
    public string? ApplicantIdDocument { get; init; }
    public string? ApplicantContact { get; init; }
    public string? Record { get; init; }
    public string? Evidence { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public string? ReceivedOn { get; init; }
}

/// <summary>处理决定: <c>outcome</c> = <c>Corrected</c> | <c>Referred</c> | <c>Refused</c>, with what that outcome needs.</summary>
public sealed record CorrectionDecisionInput
{
    public string? Outcome { get; init; }
    public string? Change { get; init; }
    /// <summary>The agency with the power chosen from the installation (its code) …</summary>
    public string? CompetentAgencyCode { get; init; }
    /// <summary>… or typed (name and contact) when outside it.</summary>
    public string? CompetentAgencyName { get; init; }
    public string? Reasons { get; init; }
    /// <summary>Refused: where the applicant may seek reconsideration and sue (the letter states the rights).</summary>
    public string? ReconsiderationBody { get; init; }
    public string? Court { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public string? DecidedOn { get; init; }
}

/// <summary>送达 of the decision letter.</summary>
public sealed record CorrectionServiceInput
{
    public string? ServedOn { get; init; }
    /// <summary><c>InPerson</c> | <c>Post</c> | <c>Email</c> | <c>Online</c>.</summary>
    public string? Method { get; init; }
    public string? Evidence { get; init; }
}

/// <summary>What a caseworker sees of one correction request: its state, its letter, its service and its audit trail.</summary>
public sealed record CorrectionView(RecordCorrectionState State, bool Overdue, IssuedLetter? Letter, LetterService? Service, IReadOnlyList<AuditEntry> Audit);

/// <summary>An act's answer: the field errors (nothing sent), or the workflow's answer.</summary>
public sealed record CorrectionAct(IReadOnlyList<FieldError> Errors, CommandResult? Result)
{
    public bool Done => Errors.Count == 0 && Result is { Accepted: true };
}

/// <summary>更正申请 (Art. 41) for the pages and the API alike: parses the input, applies the domain's rule
/// (<see cref="RecordCorrectionRule"/>) to name the field at fault, renders the decision letter, sends the command and reads
/// the agency's correction requests. Every read and act is confined to the user's agency.</summary>
public sealed class RecordCorrectionDesk(Database database, RequestCommands commands, IClock clock)
{
    private static readonly LetterTemplates Templates = new("CaseFlow.RecordCorrectionLetters.");

    public LocalDate Today => ChinaTime.Today(clock);

    public async Task<IReadOnlyList<RecordCorrectionState>> ListAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return (await RecordCorrectionStore.ForAgencyAsync(connection, agencyCode)).Select(RecordCorrectionJson.FromRow).ToList();
    }

    public bool IsOverdue(RecordCorrectionState s) => RecordCorrectionRule.Overdue(s.DueOn, s.ServedOn, Today);

    public async Task<CorrectionView?> FindAsync(Guid id, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        if (await RecordCorrectionStore.FindForAgencyAsync(connection, id, agencyCode) is not { } row)
            return null;
        var state = RecordCorrectionJson.FromRow(row);
        var letter = (await Letters.ForRequestAsync(connection, id)).LastOrDefault();
        var service = (await Letters.ServicesForRequestAsync(connection, id)).LastOrDefault();
        return new CorrectionView(state, IsOverdue(state), letter, service, await AuditTrail.ForRequestAsync(connection, id));
    }

    /// <summary>The other agencies of the installation a referral may name.</summary>
    public async Task<IReadOnlyList<Agency>> OtherAgenciesAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return (await Agencies.AllAsync(connection)).Where(a => a.Code != agencyCode).ToList();
    }

    public async Task<(Guid Id, CorrectionAct Act)> RegisterAsync(ClaimsPrincipal user, CorrectionApplicationInput input)
    {
        var id = input.Id is { } chosen && chosen != Guid.Empty ? chosen : Guid.NewGuid();
        var receivedOn = Date(input.ReceivedOn);
        if (RecordCorrectionRule.RefuseRegistration(input.ApplicantName, input.ApplicantIdDocument, input.ApplicantContact, input.Record,
                input.Evidence, receivedOn, Today) is { } refused)
            return (id, Refused(refused));
        return (id, await SendAsync(new RegisterRecordCorrection
        {
            RequestId = id, Actor = user.Actor(), AgencyCode = user.AgencyCode(), ApplicantName = input.ApplicantName!.Trim(),
            ApplicantIdDocument = input.ApplicantIdDocument!.Trim(), ApplicantContact = input.ApplicantContact!.Trim(), Record = input.Record!.Trim(),
            Evidence = input.Evidence!.Trim(), ReceivedOn = receivedOn!.Value,
        }));
    }

    /// <summary>The decision with its letter, rendered here from the correction's facts and the caseworker's fields; the
    /// workflow numbers it and records the decision in one transaction.</summary>
    public async Task<CorrectionAct?> DecideAsync(ClaimsPrincipal user, Guid id, CorrectionDecisionInput input)
    {
        var view = await FindAsync(id, user.AgencyCode());
        if (view is null)
            return null;
        var s = view.State;
        RecordCorrectionOutcome? outcome = Enum.TryParse<RecordCorrectionOutcome>(input.Outcome, out var o) && !int.TryParse(input.Outcome, out _) ? o : null;
        var decidedOn = Date(input.DecidedOn);
        string? agency = null;
        if (outcome == RecordCorrectionOutcome.Referred && !string.IsNullOrWhiteSpace(input.CompetentAgencyCode))
        {
            agency = (await OtherAgenciesAsync(s.AgencyCode)).FirstOrDefault(a => a.Code == input.CompetentAgencyCode)?.Name;
            if (agency is null)
                return Refused(new FieldError("competentAgencyCode", "请从本平台的其他行政机关中选择，或填写平台外的机关名称。", "Choose another agency of the installation, or type one outside it."));
        }
        else if (outcome == RecordCorrectionOutcome.Referred)
            agency = input.CompetentAgencyName;
        if (RecordCorrectionRule.RefuseDecision(outcome, input.Change, agency, input.Reasons, decidedOn, s.ReceivedOn, Today) is { } refused)
            return Refused(refused);
        if (outcome == RecordCorrectionOutcome.Refused)
        {
            if (string.IsNullOrWhiteSpace(input.ReconsiderationBody) || input.ReconsiderationBody.Length > RecordCorrectionRule.MaxNameLength)
                return Refused(new FieldError("reconsiderationBody", "不予更正的，请填写行政复议机关（答复书告知申请人的权利）。", "Name the reconsideration body (the letter states the applicant's rights)."));
            if (string.IsNullOrWhiteSpace(input.Court) || input.Court.Length > RecordCorrectionRule.MaxNameLength)
                return Refused(new FieldError("court", "不予更正的，请填写管辖法院。", "Name the court."));
        }
        await using var connection = await database.OpenAsync();
        var agencyName = (await Agencies.FindAsync(connection, s.AgencyCode))?.Name ?? s.AgencyCode;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["agency_name"] = agencyName, ["document_number"] = Letters.NumberPlaceholder, ["issued_on"] = ChineseDates.Plain(decidedOn!.Value),
            ["applicant_name"] = s.ApplicantName, ["received_on"] = ChineseDates.Plain(s.ReceivedOn), ["record"] = s.Record.TrimEnd('。', '.'),
            ["input_change"] = input.Change?.Trim() ?? "", ["input_competent_agency"] = agency?.Trim() ?? "", ["input_reasons"] = input.Reasons?.Trim() ?? "",
            ["input_reconsideration_body"] = input.ReconsiderationBody?.Trim() ?? "", ["input_court"] = input.Court?.Trim() ?? "",
        };
        var template = Templates.Named(RecordCorrectionRule.TemplateName(outcome!.Value));
        var rendered = await Templates.RenderAsync(template, values);
        if (rendered.Content is null)
            return Refused(new FieldError("letter", $"答复书缺少：{string.Join("、", rendered.Missing)}。", $"The letter lacks: {string.Join(", ", rendered.Missing)}."));
        return await SendAsync(new DecideRecordCorrection
        {
            RequestId = id, Actor = user.Actor(), Outcome = outcome.Value, Change = input.Change, DecidedOn = decidedOn.Value,
            CompetentAgencyCode = string.IsNullOrWhiteSpace(input.CompetentAgencyCode) ? null : input.CompetentAgencyCode,
            CompetentAgencyName = string.IsNullOrWhiteSpace(input.CompetentAgencyCode) ? input.CompetentAgencyName : null, Reasons = input.Reasons,
            LetterTitle = "更正政府信息记录申请答复书", LetterContent = rendered.Content,
            LetterFacts = JsonSerializer.Serialize(template.Variables.ToDictionary(v => v, v => values[v])),
        });
    }

    public async Task<CorrectionAct?> ServeAsync(ClaimsPrincipal user, Guid id, CorrectionServiceInput input)
    {
        var view = await FindAsync(id, user.AgencyCode());
        if (view is null)
            return null;
        var servedOn = Date(input.ServedOn);
        if (view.State.DecidedOn is { } decidedOn
            && RecordCorrectionRule.RefuseService(servedOn, input.Method, input.Evidence, decidedOn, Today, Letters.ServiceMethods.ToList()) is { } refused)
            return Refused(refused);
        return await SendAsync(new RecordCorrectionLetterServed
        {
            RequestId = id, Actor = user.Actor(), ServedOn = servedOn ?? Today, Method = input.Method ?? "", Evidence = input.Evidence ?? "",
        });
    }

    private async Task<CorrectionAct> SendAsync<T>(T command) where T : class, IRequestCommand
    {
        var result = await commands.SendAsync(command);
        if (result.Accepted)
            return new CorrectionAct([], result);
        // The workflow names the field as "field: reason" when its rule refused the input; otherwise the act is not possible now.
        var (field, zh) = Split(result.Reason ?? "");
        var (_, en) = Split(result.ReasonEn ?? "");
        return new CorrectionAct([new FieldError(field, zh, en)], result);
    }

    private static (string Field, string Text) Split(string reason) =>
        reason.IndexOf(": ", StringComparison.Ordinal) is var i and > 0 && !reason[..i].Contains(' ') ? (reason[..i], reason[(i + 2)..]) : ("state", reason);

    private static CorrectionAct Refused(CorrectionRefusal r) => new([new FieldError(r.Field, r.Zh, r.En)], null);

    private static CorrectionAct Refused(FieldError e) => new([e], null);

    private static LocalDate? Date(string? text) =>
        text is { Length: <= 10 } && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;
}

/// <summary>The names people read for a correction request's states and service methods (codes stay in the API).</summary>
public static class RecordCorrectionNames
{
    public static string State(string? state, Infrastructure.Lang lang) => state switch
    {
        "Registered" => lang["待处理", "To decide"],
        "AwaitingService" => lang["待送达", "To serve"],
        "Closed" => lang["已办结", "Closed"],
        null or "" => "",
        _ => lang["其他", "Other"],
    };

    public static IReadOnlyList<(string Code, string Zh, string En)> Methods { get; } =
        [("InPerson", "直接送达", "In person"), ("Post", "邮寄送达", "Post"), ("Email", "电子邮件送达", "E-mail"), ("Online", "网上送达", "Online")];

    public static string Method(string? method, Infrastructure.Lang lang) =>
        Methods.FirstOrDefault(m => m.Code == method) is { Code: not null } m ? lang[m.Zh, m.En] : "";
}
