namespace CaseFlow.Domain.Requests;

/// <summary>Who asks: the six applicant columns of table 三 of the annual report.</summary>
/// <remarks>国办公开办函〔2021〕30号, annual report table 三: 自然人 | 法人或其他组织 (商业企业, 科研机构,
/// 社会公益组织, 法律服务机构, 其他).</remarks>
public enum ApplicantType
{
    /// <summary>自然人</summary>
    NaturalPerson = 1,
    /// <summary>商业企业</summary>
    Business = 2,
    /// <summary>科研机构</summary>
    ResearchInstitution = 3,
    /// <summary>社会公益组织</summary>
    NonProfit = 4,
    /// <summary>法律服务机构</summary>
    LegalServiceProvider = 5,
    /// <summary>其他 (法人或其他组织)</summary>
    OtherOrganization = 6,
}

public static class ApplicantTypes
{
    /// <summary>The columns of table 三, in the order of the national format.</summary>
    public static IReadOnlyList<ApplicantType> ReportColumns { get; } =
    [
        ApplicantType.NaturalPerson, ApplicantType.Business, ApplicantType.ResearchInstitution,
        ApplicantType.NonProfit, ApplicantType.LegalServiceProvider, ApplicantType.OtherOrganization,
    ];

    public static string ChineseName(this ApplicantType type) => type switch
    {
        ApplicantType.NaturalPerson => "自然人",
        ApplicantType.Business => "商业企业",
        ApplicantType.ResearchInstitution => "科研机构",
        ApplicantType.NonProfit => "社会公益组织",
        ApplicantType.LegalServiceProvider => "法律服务机构",
        ApplicantType.OtherOrganization => "其他",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown applicant type."),
    };
}
