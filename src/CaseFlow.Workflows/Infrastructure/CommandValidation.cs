using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using CaseFlow.Contracts;
using CaseFlow.Domain.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>A command field that is not acceptable: the field (the JSON name) and what is wrong, in both languages.</summary>
public sealed record CommandError(string Field, string Zh, string En);

/// <summary>The shape every command to a request must have before the workflow sees it — the one validator the HTTP
/// API, the registration page and the bus filter (<see cref="CommandValidationFilter{T}"/>) share. Whether the act is
/// lawful now is the workflow's <see cref="Rules"/>; this decides only whether the command is well-formed: defined
/// enum values, bounded lengths, plausible dates.</summary>
public static class CommandValidation
{
    /// <summary>Longest free text in any command (descriptions, reasons, legal bases).</summary>
    public const int MaxTextLength = 4000;
    /// <summary>Longest user name, handler, participant or actor.</summary>
    public const int MaxNameLength = 100;
    /// <summary>Most items in one list field (correction items, participants).</summary>
    public const int MaxListItems = 50;

    /// <summary>Forms of provision (Art. 29 ¶2(三), Art. 40).</summary>
    public static IReadOnlyList<string> FormsOfProvision { get; } = ["Paper", "Electronic", "Inspection"];

    private static readonly Regex PhonePattern = new(@"^\+?[0-9][0-9 \-]{5,19}$", RegexOptions.Compiled);

    /// <summary>登记 (Art. 29, 31): every field of a registration.</summary>
    public static IReadOnlyList<CommandError> Register(RegisterRequest c, LocalDate today)
    {
        var errors = new List<CommandError>();
        void Require(string field, string? value, string zh, string en, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new CommandError(field, $"请填写「{zh}」。", $"{en} is required."));
            else if (value.Length > max)
                errors.Add(new CommandError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
        }
        void Bound(string field, string? value, string zh, string en, int max)
        {
            if (value is not null && value.Length > max)
                errors.Add(new CommandError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
        }
        Bound("actor", c.Actor, "操作人", "Actor", MaxNameLength);
        if (string.IsNullOrWhiteSpace(c.AgencyCode) || c.AgencyCode.Length > 50)
            errors.Add(new CommandError("agencyCode", "「行政机关」无效。", "Agency code is not valid."));
        if (!IsName<ApplicantType>(c.ApplicantType))
            errors.Add(new CommandError("applicantType", "请选择「申请人类型」。", "Choose the applicant type."));
        Require("applicantName", c.ApplicantName, "申请人姓名或者名称", "Applicant name", 200);
        Require("applicantIdDocument", c.ApplicantIdDocument, "身份证明", "Identity document", 100);
        Require("applicantPhone", c.ApplicantPhone, "联系电话", "Phone", 20);
        if (!string.IsNullOrWhiteSpace(c.ApplicantPhone) && !PhonePattern.IsMatch(c.ApplicantPhone.Trim()))
            errors.Add(new CommandError("applicantPhone", "「联系电话」格式不正确。", "Phone is not a phone number."));
        if (!string.IsNullOrWhiteSpace(c.ApplicantEmail) && (!c.ApplicantEmail.Contains('@') || c.ApplicantEmail.Length > 200))
            errors.Add(new CommandError("applicantEmail", "「电子邮箱」格式不正确。", "Email is not an email address."));
        Bound("applicantAddress", c.ApplicantAddress, "通信地址", "Address", 300);
        var channelValid = IsName<Channel>(c.Channel);
        if (!channelValid)
            errors.Add(new CommandError("channel", "请选择「申请渠道」。", "Choose the channel."));
        Require("description", c.Description, "所需政府信息的名称、文号或者便于查询的其他特征性描述", "Description of the information", MaxTextLength);
        if (c.FormOfProvision is null || !FormsOfProvision.Contains(c.FormOfProvision))
            errors.Add(new CommandError("formOfProvision", "请选择「获取信息的方式」。", "Choose the form of provision."));
        Bound("purpose", c.Purpose, "申请用途", "Purpose", 1000);
        if (c.ReceivedOn is { } received)
        {
            if (Rules.Receipt(received, today) is { } refusal)
                errors.Add(new CommandError("receivedOn", refusal.Zh, refusal.En));
        }
        else if (channelValid && Enum.Parse<Channel>(c.Channel) is Channel.InPerson or Channel.RegisteredPost)
            // Art. 31(一)(二): handed in → that day; registered post → the day it was signed for. Both are known now.
            errors.Add(new CommandError("receivedOn", "当面提交或邮寄签收的申请须填写「收到申请之日」（第三十一条）。",
                "Received on is required for applications handed in or signed for (Art. 31)."));
        Bound("receiptEvidence", c.ReceiptEvidence, "收到凭证", "Receipt evidence", 500);
        Bound("handler", c.Handler, "承办人", "Handler", MaxNameLength);
        return errors;
    }

    /// <summary>Any command to a request: <see cref="Register"/> for registrations; for the others every enum value
    /// defined, every text and list bounded, the request id set.</summary>
    public static IReadOnlyList<CommandError> Validate(object command, LocalDate today)
    {
        if (command is RegisterRequest register)
            return Register(register, today);
        var errors = new List<CommandError>();
        if (command is IRequestCommand { RequestId: var id } && id == Guid.Empty)
            errors.Add(new CommandError("requestId", "「申请编号」无效。", "Request id is empty."));
        if (command is ConfirmReceipt confirm && Rules.Receipt(confirm.ReceivedOn, today) is { } refusal)
            errors.Add(new CommandError("receivedOn", refusal.Zh, refusal.En));
        foreach (var property in command.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = JsonName(property.Name);
            var value = property.GetValue(command);
            var max = property.Name is nameof(IRequestCommand.Actor) or "Handler" or "Participant" ? MaxNameLength : MaxTextLength;
            switch (value)
            {
                case string text when text.Length > max:
                    errors.Add(new CommandError(field, $"「{field}」不能超过{max}个字。", $"{field} must be at most {max} characters."));
                    break;
                case Enum e when !Enum.IsDefined(e.GetType(), e):
                    errors.Add(new CommandError(field, $"「{field}」的取值无效。", $"{field} is not a defined value."));
                    break;
                case IEnumerable list and not string:
                    var items = list.Cast<object?>().ToList();
                    if (items.Count > MaxListItems || items.OfType<string>().Any(s => s.Length > max))
                        errors.Add(new CommandError(field, $"「{field}」过长。", $"{field} is too long."));
                    break;
            }
        }
        return errors;
    }

    /// <summary>An enum given by its exact name: numbers (<c>"99"</c>) and undefined names are not values.</summary>
    public static bool IsName<TEnum>(string? value) where TEnum : struct, Enum =>
        value is not null && Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal);

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
