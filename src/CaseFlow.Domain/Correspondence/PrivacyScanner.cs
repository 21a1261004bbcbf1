using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CaseFlow.Domain.Correspondence;

/// <summary>The kinds of personal data a letter is screened for before it is issued.</summary>
public enum PersonalDataKind
{
    /// <summary>居民身份证号码: 18 characters, GB 11643-1999 check digit.</summary>
    IdentityNumber = 1,
    /// <summary>手机号码: 11 digits, 1[3-9]…</summary>
    MobileNumber = 2,
    /// <summary>银行卡号: 16–19 digits passing the Luhn check.</summary>
    BankCardNumber = 3,
    /// <summary>电子邮箱.</summary>
    EmailAddress = 4,
}

/// <summary>One piece of personal data found in a text: its kind, the value as written, where (<c>letter</c>, or the file
/// name of an attached text) and its position in that text.</summary>
public sealed record PrivacyHit(PersonalDataKind Kind, string Value, string Source, int Index)
{
    /// <summary>Identifies the hit across renderings without keeping the value itself: kind and SHA-256 of source and value
    /// (the same number in the letter and in an attachment is resolved in each).</summary>
    public string Key => $"{(int)Kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Source}\n{PrivacyScanner.Normalise(Value)}")))[..16]}";

    /// <summary>The value as shown in a review list: 4501**********1234, 138****8000, 6222***********0123, z***@example.com.</summary>
    public string Masked => PrivacyScanner.Mask(Kind, Value);

    public string ChineseKind => Kind switch
    {
        PersonalDataKind.IdentityNumber => "居民身份证号码",
        PersonalDataKind.MobileNumber => "手机号码",
        PersonalDataKind.BankCardNumber => "银行卡号",
        _ => "电子邮箱",
    };
}

/// <summary>Screens the text of a letter (and the text attached to it) for personal data of people other than the
/// applicant, so that none leaves the office unnoticed.</summary>
/// <remarks>Art. 15 forbids disclosing personal privacy of third parties; the applicant's own details are what the letter
/// is addressed to and are not hits. Each pattern is checked, not only matched: identity numbers by the GB 11643-1999
/// check digit, a plausible region and birth date; bank cards by the Luhn check. Dates (2024-10-30, 2024年10月30日),
/// tracking numbers (2024-000123) and document numbers (〔2026〕补告第12号) are too short or broken by separators to match.</remarks>
public static partial class PrivacyScanner
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    // Province-level codes of GB/T 2260 (first two digits), with 71 Taiwan, 81 Hong Kong, 82 Macao, 83 as issued to their residents.
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
        71, 81, 82, 83,
    ];

    /// <summary>Every hit in <paramref name="text"/> (from <paramref name="source"/>) except the applicant's own details:
    /// <paramref name="applicantOwn"/> are the identity number, phone and e-mail as registered, compared without spaces or dashes.</summary>
    public static IReadOnlyList<PrivacyHit> Scan(string text, string source, IEnumerable<string?> applicantOwn)
    {
        var own = applicantOwn.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => Normalise(v!)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hits = new List<PrivacyHit>();
        var taken = new List<(int Start, int End)>();
        bool Free(Match m) => !taken.Any(t => m.Index < t.End && t.Start < m.Index + m.Length);
        void Add(PersonalDataKind kind, Match m)
        {
            taken.Add((m.Index, m.Index + m.Length));
            if (!own.Contains(Normalise(m.Value)))
                hits.Add(new PrivacyHit(kind, m.Value, source, m.Index));
        }

        foreach (Match m in Email().Matches(text))
            Add(PersonalDataKind.EmailAddress, m);
        foreach (Match m in EighteenCharacters().Matches(text))
        {
            if (!Free(m))
                continue;
            if (IsIdentityNumber(m.Value))
                Add(PersonalDataKind.IdentityNumber, m);
            else if (LooksLikeIdentityNumber(m.Value))
                taken.Add((m.Index, m.Index + m.Length)); // a mistyped identity number is not a bank card
        }
        foreach (Match m in CardDigits().Matches(text))
            if (Free(m) && IsBankCardNumber(m.Value))
                Add(PersonalDataKind.BankCardNumber, m);
        foreach (Match m in Mobile().Matches(text))
            if (Free(m))
                Add(PersonalDataKind.MobileNumber, m);
        return hits.OrderBy(h => h.Index).ToList();
    }

    /// <summary>An 18-character resident identity number with a valid region, birth date and check digit (GB 11643-1999).</summary>
    public static bool IsIdentityNumber(string value)
    {
        var v = value.Trim().ToUpperInvariant();
        if (!LooksLikeIdentityNumber(v))
            return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (v[i] - '0') * IdWeights[i];
        return IdCheckCharacters[sum % 11] == v[17];
    }

    /// <summary>Shape, region and birth date of an identity number, without its check digit.</summary>
    private static bool LooksLikeIdentityNumber(string v)
    {
        if (v.Length != 18 || !v[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(v[17]) || v[17] is 'X' or 'x'))
            return false;
        if (!Provinces.Contains(int.Parse(v[..2])))
            return false;
        int year = int.Parse(v[6..10]), month = int.Parse(v[10..12]), day = int.Parse(v[12..14]);
        return year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>16–19 digits (spaces or dashes between groups allowed) passing the Luhn check.</summary>
    public static bool IsBankCardNumber(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 16 or > 19 || digits.Distinct().Count() == 1)
            return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>The value without separators, upper case: how values are compared.</summary>
    public static string Normalise(string value) =>
        new string(value.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    /// <summary>The masked form used when a hit is redacted and in review lists.</summary>
    public static string Mask(PersonalDataKind kind, string value)
    {
        var v = Normalise(value);
        return kind switch
        {
            PersonalDataKind.EmailAddress when value.IndexOf('@') is > 0 and var at => $"{value[0]}***{value[at..]}",
            PersonalDataKind.MobileNumber when v.Length == 11 => $"{v[..3]}****{v[^4..]}",
            _ when v.Length > 8 => $"{v[..4]}{new string('*', v.Length - 8)}{v[^4..]}",
            _ => new string('*', v.Length),
        };
    }

    /// <summary>Replaces each value to redact by its masked form, wherever it occurs in the text.</summary>
    public static string Redact(string text, IEnumerable<PrivacyHit> redacted)
    {
        foreach (var hit in redacted.DistinctBy(h => h.Value).OrderByDescending(h => h.Value.Length))
            text = text.Replace(hit.Value, hit.Masked, StringComparison.Ordinal);
        return text;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex EighteenCharacters();

    // 16–19 digits, alone or in groups of four separated by single spaces or dashes (6222 0212 3456 7890 123).
    [GeneratedRegex(@"(?<![0-9A-Za-z\-])[3-9]\d{3}(?:[ \-]?\d{4}){2}[ \-]?\d{4}(?:[ \-]?\d{1,3})?(?![0-9A-Za-z])")]
    private static partial Regex CardDigits();

    [GeneratedRegex(@"(?<![0-9A-Za-z\-])1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4})(?![0-9A-Za-z])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();
}
