using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Contracts;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Requests;
using CaseFlow.Web.Requests;

namespace CaseFlow.Web.Applicants;

/// <summary>政府信息公开申请表 as the public fills it in on <c>/Apply</c> and sends it to <c>POST /api/public/applications</c>:
/// the national sample form for a citizen (公民) or a legal person or other organisation (法人或者其他组织). One validator
/// for the page and the API; strings as typed so that each problem is named field by field (the API's JSON names).</summary>
public sealed record ApplicationInput
{
    /// <summary><c>NaturalPerson</c> (公民) or <c>Organisation</c> (法人或者其他组织).</summary>
    public string? ApplicantType { get; set; }
    public string? AgencyCode { get; set; }
    // 公民
    public string? Name { get; set; }
    public string? Workplace { get; set; }
    /// <summary>证件名称: one of <see cref="IdTypes"/>.</summary>
    public string? IdType { get; set; }
    public string? IdNumber { get; set; }
    // 法人或者其他组织
    public string? OrganisationName { get; set; }
    /// <summary>统一社会信用代码 (GB 32100-2015, 18 characters with its check character).</summary>
    public string? CreditCode { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? ContactName { get; set; }
    // Both
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public string? Email { get; set; }
    // 所需信息情况
    public string? DocumentName { get; set; }
    public string? Description { get; set; }
    public string? Purpose { get; set; }
    /// <summary>Art. 40: Paper | Electronic | Inspection.</summary>
    public string? FormOfProvision { get; set; }
    /// <summary>获取方式: Post | Email | Collect | Download.</summary>
    public string? ReceiveBy { get; set; }
    /// <summary>同意电子送达 (Civil Procedure Law Art. 90 by analogy).</summary>
    public bool ConsentElectronic { get; set; }
    /// <summary>A field people never see (hidden by the stylesheet, skipped by keyboard and screen readers); bots fill it.</summary>
    public string? Website { get; set; }

    public const string NaturalPerson = "NaturalPerson";
    public const string Organisation = "Organisation";
    public const string ResidentIdentityCard = "居民身份证";

    public static readonly IReadOnlyList<string> IdTypes =
        [ResidentIdentityCard, "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "其他"];

    public static readonly IReadOnlyList<string> ReceiveWays = ["Post", "Email", "Collect", "Download"];

    private static readonly Regex PhonePattern = new(@"^\+?[0-9][0-9 \-]{5,19}$", RegexOptions.Compiled);
    private static readonly Regex PostcodePattern = new(@"^[0-9]{6}$", RegexOptions.Compiled);
    private static readonly Regex EmailPattern = new(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.Compiled);

    public bool IsOrganisation => ApplicantType == Organisation;

    /// <summary>A bot filled the hidden field: nothing is stored, and the answer does not say why.</summary>
    public bool IsBot => !string.IsNullOrEmpty(Website);

    public IReadOnlyList<FieldError> Validate(IReadOnlyCollection<string> agencyCodes)
    {
        var errors = new List<FieldError>();
        void Require(string field, string? value, string zh, string en, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
            else
                Bound(field, value, zh, en, max);
        }
        void Bound(string field, string? value, string zh, string en, int max)
        {
            if (value is not null && value.Trim().Length > max)
                errors.Add(new FieldError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
        }
        if (ApplicantType is not (NaturalPerson or Organisation))
            errors.Add(new FieldError("applicantType", "请选择申请人是「公民」还是「法人或者其他组织」。", "Choose citizen or organisation."));
        if (string.IsNullOrWhiteSpace(AgencyCode) || !agencyCodes.Contains(AgencyCode.Trim()))
            errors.Add(new FieldError("agencyCode", "请选择要申请的行政机关。", "Choose the agency applied to."));
        if (ApplicantType == NaturalPerson)
        {
            Require("name", Name, "姓名", "Name", 100);
            Bound("workplace", Workplace, "工作单位", "Workplace", 200);
            if (IdType is null || !IdTypes.Contains(IdType))
                errors.Add(new FieldError("idType", "请选择「证件名称」。", "Choose the identity document type."));
            Require("idNumber", IdNumber, "证件号码", "Document number", 40);
            if (IdType == ResidentIdentityCard && !string.IsNullOrWhiteSpace(IdNumber) && !PrivacyScanner.IsIdentityNumber(IdNumber))
                errors.Add(new FieldError("idNumber", "「证件号码」不是有效的居民身份证号码（18位，最后一位为校验码，GB 11643）。",
                    "Not a valid resident identity number (18 characters with a check digit, GB 11643)."));
        }
        else if (ApplicantType == Organisation)
        {
            Require("organisationName", OrganisationName, "名称", "Name of the organisation", 200);
            Require("creditCode", CreditCode, "统一社会信用代码", "Unified social credit code", 18);
            if (!string.IsNullOrWhiteSpace(CreditCode) && !UnifiedSocialCreditCode.IsValid(CreditCode.Trim()))
                errors.Add(new FieldError("creditCode", "「统一社会信用代码」无效（18位，最后一位为校验码，GB 32100）。",
                    "Not a valid unified social credit code (18 characters with a check character, GB 32100)."));
            Require("legalRepresentative", LegalRepresentative, "法定代表人", "Legal representative", 100);
            Require("contactName", ContactName, "联系人姓名", "Contact name", 100);
        }
        Require("phone", Phone, "联系电话", "Phone", 20);
        if (!string.IsNullOrWhiteSpace(Phone) && !PhonePattern.IsMatch(Phone.Trim()))
            errors.Add(new FieldError("phone", "「联系电话」格式不正确。", "Phone is not a phone number."));
        Bound("address", Address, "联系地址", "Address", 300);
        if (!string.IsNullOrWhiteSpace(Postcode) && !PostcodePattern.IsMatch(Postcode.Trim()))
            errors.Add(new FieldError("postcode", "「邮政编码」须为6位数字。", "The postcode must be 6 digits."));
        if (!string.IsNullOrWhiteSpace(Email) && (Email.Trim().Length > 200 || !EmailPattern.IsMatch(Email.Trim())))
            errors.Add(new FieldError("email", "「电子邮箱」格式不正确。", "Email is not an email address."));
        Bound("documentName", DocumentName, "名称或文号", "Name or document number", 300);
        Require("description", Description, "所需信息的内容描述", "Description of the information", 4000);
        Bound("purpose", Purpose, "用途", "Purpose", 1000);
        if (!Labels.FormsOfProvision.Contains(FormOfProvision))
            errors.Add(new FieldError("formOfProvision", "请选择「信息的提供形式」。", "Choose the form of provision."));
        if (ReceiveBy is null || !ReceiveWays.Contains(ReceiveBy))
            errors.Add(new FieldError("receiveBy", "请选择「获取信息的方式」。", "Choose how to receive the information."));
        else if (ReceiveBy == "Post" && string.IsNullOrWhiteSpace(Address))
            errors.Add(new FieldError("address", "选择邮寄时请填写「联系地址」。", "An address is required for post."));
        else if (ReceiveBy == "Email" && string.IsNullOrWhiteSpace(Email))
            errors.Add(new FieldError("email", "选择电子邮件获取时请填写「电子邮箱」。", "An email address is required to receive by email."));
        return errors;
    }

    public string ApplicantName => (IsOrganisation ? OrganisationName : Name)!.Trim();

    /// <summary>The identity document as the request keeps it: kind, a space, the number.</summary>
    public string IdDocument => IsOrganisation ? $"统一社会信用代码 {CreditCode!.Trim().ToUpperInvariant()}" : $"{IdType} {IdNumber!.Trim().ToUpperInvariant()}";

    /// <summary>The registration command of a valid form: channel Online and no receipt date, so the request waits as
    /// Registered until the agency confirms receipt (Art. 31(三)). An organisation is registered in the annual report's
    /// column 其他 (OtherOrganization) until the agency says which column it belongs in.</summary>
    public RegisterRequest ToCommand(Guid id, string actor) => new()
    {
        RequestId = id, Actor = actor, AgencyCode = AgencyCode!.Trim(),
        ApplicantType = IsOrganisation ? nameof(Domain.Requests.ApplicantType.OtherOrganization) : nameof(Domain.Requests.ApplicantType.NaturalPerson),
        ApplicantName = ApplicantName, ApplicantIdDocument = IdDocument, ApplicantPhone = Phone!.Trim(), ApplicantEmail = Blank(Email),
        ApplicantAddress = Blank(Address) is { } address ? (Blank(Postcode) is { } post ? $"{address}（邮编 {post}）" : address) : null,
        Channel = nameof(Channel.Online),
        Description = Blank(DocumentName) is { } doc ? $"名称或文号：{doc}\n{Description!.Trim()}" : Description!.Trim(),
        FormOfProvision = FormOfProvision!, Purpose = Blank(Purpose), ReceivedOn = null, ReceiptEvidence = null, Handler = null,
    };

    /// <summary>The form's fields the request itself does not keep, for the agency's online-applications page.</summary>
    public string DetailsJson() => JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["workplace"] = Blank(Workplace), ["legalRepresentative"] = Blank(LegalRepresentative), ["contactName"] = Blank(ContactName),
        ["postcode"] = Blank(Postcode), ["documentName"] = Blank(DocumentName), ["receiveBy"] = ReceiveBy,
    }.Where(p => p.Value is not null).ToDictionary());

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
