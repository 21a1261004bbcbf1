namespace CaseFlow.Domain.Requests;

/// <summary>统一社会信用代码 of a legal person or other organisation (GB 32100-2015): 18 characters from a 31-character
/// alphabet (digits and capitals without I, O, Z, S, V), the last a check character over the first 17.</summary>
/// <remarks>Art. 29(一) asks for the applicant's name and identity proof; an organisation identifies itself by this code.
/// Weights are 3^i mod 31; the check character is the one whose value is (31 − Σ mod 31) mod 31.</remarks>
public static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Whether <paramref name="value"/> (case-insensitive, surrounding spaces ignored) is a code with a valid check
    /// character.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null)
            return false;
        var code = value.Trim().ToUpperInvariant();
        if (code.Length != 18)
            return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (digit < 0)
                return false;
            sum += digit * Weights[i];
        }
        return code[17] == Alphabet[(31 - sum % 31) % 31];
    }
}
