using System.Text.RegularExpressions;
using CaseFlow.Contracts;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Requests;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Requests;

/// <summary>A validation problem: the field (the API's JSON name) and what is wrong, in both languages.</summary>
public sealed record FieldError(string Field, string Zh, string En);

/// <summary>登记 (Art. 29): what the registration form and <c>POST /api/requests</c> take. Strings as typed, so that
/// every problem can be named field by field before anything is sent to the workflow.</summary>
public sealed record RegistrationInput
{
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

    private static readonly Regex PhonePattern = new(@"^\+?[0-9][0-9 \-]{5,19}$", RegexOptions.Compiled);

    public IReadOnlyList<FieldError> Validate(LocalDate today)
    {
        var errors = new List<FieldError>();
        void Require(string field, string? value, string zh, string en, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
            else if (value.Length > max)
                errors.Add(new FieldError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
        }
        if (!Enum.TryParse<ApplicantType>(ApplicantType, out _) || int.TryParse(ApplicantType, out _))
            errors.Add(new FieldError("applicantType", "请选择「申请人类型」。", "Choose the applicant type."));
        Require("applicantName", ApplicantName, "申请人姓名或者名称", "Applicant name", 200);
        Require("applicantIdDocument", ApplicantIdDocument, "身份证明", "Identity document", 100);
        Require("applicantPhone", ApplicantPhone, "联系电话", "Phone", 20);
        if (!string.IsNullOrWhiteSpace(ApplicantPhone) && !PhonePattern.IsMatch(ApplicantPhone.Trim()))
            errors.Add(new FieldError("applicantPhone", "「联系电话」格式不正确。", "Phone is not a phone number."));
        if (!string.IsNullOrWhiteSpace(ApplicantEmail) && (!ApplicantEmail.Contains('@') || ApplicantEmail.Length > 200))
            errors.Add(new FieldError("applicantEmail", "「电子邮箱」格式不正确。", "Email is not an email address."));
        if (ApplicantAddress is { Length: > 300 })
            errors.Add(new FieldError("applicantAddress", "「通信地址」不能超过300个字。", "Address must be at most 300 characters."));
        var channelValid = Enum.TryParse<Channel>(Channel, out var channel) && !int.TryParse(Channel, out _);
        if (!channelValid)
            errors.Add(new FieldError("channel", "请选择「申请渠道」。", "Choose the channel."));
        Require("description", Description, "所需政府信息的名称、文号或者便于查询的其他特征性描述", "Description of the information", 4000);
        if (!Labels.FormsOfProvision.Contains(FormOfProvision))
            errors.Add(new FieldError("formOfProvision", "请选择「获取信息的方式」。", "Choose the form of provision."));
        if (Purpose is { Length: > 1000 })
            errors.Add(new FieldError("purpose", "「申请用途」不能超过1000个字。", "Purpose must be at most 1000 characters."));
        if (!string.IsNullOrWhiteSpace(ReceivedOn))
        {
            var parsed = LocalDatePattern.Iso.Parse(ReceivedOn.Trim());
            if (!parsed.Success)
                errors.Add(new FieldError("receivedOn", "「收到申请之日」不是有效日期。", "Received on is not a valid date."));
            else if (parsed.Value < StatutoryPeriods.RegulationsInForceOn)
                errors.Add(new FieldError("receivedOn", "「收到申请之日」早于条例施行日（2019年5月15日）。", "Received on is before 2019-05-15."));
            else if (parsed.Value > today)
                errors.Add(new FieldError("receivedOn", "「收到申请之日」不能晚于今天。", "Received on cannot be in the future."));
        }
        else if (channelValid && channel is Domain.Requests.Channel.InPerson or Domain.Requests.Channel.RegisteredPost)
            // Art. 31(一)(二): handed in → that day; registered post → the day it was signed for. Both are known now.
            errors.Add(new FieldError("receivedOn", "当面提交或邮寄签收的申请须填写「收到申请之日」（第三十一条）。",
                "Received on is required for applications handed in or signed for (Art. 31)."));
        if (ReceiptEvidence is { Length: > 500 })
            errors.Add(new FieldError("receiptEvidence", "「收到凭证」不能超过500个字。", "Receipt evidence must be at most 500 characters."));
        if (Handler is { Length: > 100 })
            errors.Add(new FieldError("handler", "「承办人」不能超过100个字。", "Handler must be at most 100 characters."));
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
