using CaseFlow.Domain.Correspondence;

namespace CaseFlow.Domain.Tests.Correspondence;

/// <summary>The privacy check finds the personal data of people other than the applicant, verified by its check digits,
/// and nothing else.</summary>
public sealed class PrivacyScannerTests
{
    private static readonly string[] Applicant = ["居民身份证 11010519491231002X", "11010519491231002X", "13800138000", "wang@example.cn"];

    private static IReadOnlyList<PrivacyHit> Scan(string text) => PrivacyScanner.Scan(text, "letter", Applicant);

    [Theory]
    [InlineData("11010519491231002X", true)]   // GB 11643 example, check character X
    [InlineData("11010519491231002x", true)]
    [InlineData("44030519900101123X", true)]
    [InlineData("320106198512034568", true)]
    [InlineData("510107200002290010", true)]   // born on 29 February 2000
    [InlineData("110105194912310029", false)]  // wrong check digit
    [InlineData("320106198512034567", false)]  // wrong check digit
    [InlineData("510107200102290019", false)]  // 29 February 2001 does not exist
    [InlineData("990105194912310021", false)]  // no province 99
    [InlineData("1101051949123100", false)]    // 16 characters
    public void An_identity_number_needs_region_birth_date_and_check_digit(string number, bool valid) =>
        Assert.Equal(valid, PrivacyScanner.IsIdentityNumber(number));

    [Theory]
    [InlineData("6222021234567890128", true)]
    [InlineData("6222 0212 3456 7890 128", true)]
    [InlineData("6217000012345678907", true)]
    [InlineData("436788123456789019", true)]
    [InlineData("6222021234567890127", false)] // Luhn fails
    [InlineData("4111111111111112", false)]     // Luhn fails
    [InlineData("622202123456789", false)]      // 15 digits
    public void A_bank_card_number_passes_the_Luhn_check(string number, bool valid) =>
        Assert.Equal(valid, PrivacyScanner.IsBankCardNumber(number));

    [Fact]
    public void Every_planted_number_of_a_third_party_is_found()
    {
        var text = """
            经查，第三人李某（身份证号44030519900101123X，手机13912345678）于2024年3月5日向本机关提交材料，
            其收款账户为6222 0212 3456 7890 128，另一人身份证320106198512034568、电话 139-1234-5679，
            邮箱 li.mou@example.com.cn；银行卡6217000012345678907。
            """;

        var hits = Scan(text);

        Assert.Equal(
            [
                (PersonalDataKind.IdentityNumber, "44030519900101123X"), (PersonalDataKind.MobileNumber, "13912345678"),
                (PersonalDataKind.BankCardNumber, "6222 0212 3456 7890 128"), (PersonalDataKind.IdentityNumber, "320106198512034568"),
                (PersonalDataKind.MobileNumber, "139-1234-5679"), (PersonalDataKind.EmailAddress, "li.mou@example.com.cn"),
                (PersonalDataKind.BankCardNumber, "6217000012345678907"),
            ],
            hits.Select(h => (h.Kind, h.Value)).ToList());
    }

    [Fact]
    public void The_applicants_own_details_are_not_hits()
    {
        var hits = Scan("申请人王某（11010519491231002X，电话138 0013 8000，wang@example.cn）");

        Assert.Empty(hits);
    }

    [Fact]
    public void Numbers_with_a_wrong_check_digit_are_not_reported_as_identity_numbers_or_cards()
    {
        var hits = Scan("编号110105194912310029与320106198512034567均非有效身份号码；卡号6222021234567890127校验不符。");

        Assert.Empty(hits);
    }

    [Theory]
    [InlineData("本机关于2024年10月30日收到申请，答复期限届满日为2024-11-27。")]
    [InlineData("申请编号：2024-000123；另案 2023-004567、2026-000001。")]
    [InlineData("〔2026〕补告第12号、示府办依公开〔2026〕答第1234号")]
    [InlineData("收费金额人民币1200.00元，按件计算第31至40件每件200元。")]
    [InlineData("办公电话0771-5881234，邮政编码530022，统一社会信用代码91450100MA5L8XXX1K。")]
    [InlineData("日期20241030至20241127，共20个工作日。")]
    [InlineData("文件编号 GB/T 9704-2012，国办函〔2020〕109号。")]
    public void Dates_tracking_numbers_document_numbers_and_amounts_are_no_hits(string text) =>
        Assert.Empty(Scan(text));

    [Fact]
    public void A_redacted_hit_is_masked_everywhere_in_the_text()
    {
        var text = "第三人电话13912345678，再次确认13912345678；身份证44030519900101123X。";
        var hits = Scan(text);

        var redacted = PrivacyScanner.Redact(text, hits);

        Assert.Equal("第三人电话139****5678，再次确认139****5678；身份证4403**********123X。", redacted);
        Assert.Empty(Scan(redacted));
    }

    [Fact]
    public void A_hit_is_identified_by_kind_and_value_not_by_position()
    {
        var first = Scan("电话13912345678。");
        var second = Scan("前文不同，电话 13912345678");

        Assert.Equal(first.Single().Key, second.Single().Key);
        Assert.DoesNotContain("13912345678", first.Single().Key);
        Assert.NotEqual(first.Single().Key, PrivacyScanner.Scan("电话13912345678。", "合同.docx", Applicant).Single().Key);
    }
}

public sealed class DocumentNumberTests
{
    [Theory]
    [InlineData(null, LetterType.CorrectionNotice, 2026, 12, "〔2026〕补告第12号")]
    [InlineData("示府办依公开", LetterType.Reply, 2026, 1, "示府办依公开〔2026〕答第1号")]
    [InlineData("", LetterType.FeeNotice, 2025, 305, "〔2025〕费告第305号")]
    public void A_document_number_has_the_year_in_hexagonal_brackets_and_no_leading_zeros(string? prefix, LetterType type, int year, long sequence, string expected) =>
        Assert.Equal(expected, LetterTypes.DocumentNumber(prefix, type, year, sequence));

    [Fact]
    public void Every_outcome_but_the_three_closures_without_reply_has_a_reply_letter()
    {
        Assert.Equal(20, LetterTypes.ReplyOutcomes.Count);
        Assert.DoesNotContain(Domain.Replies.Outcome.OtherHandling, LetterTypes.ReplyOutcomes);
    }
}
