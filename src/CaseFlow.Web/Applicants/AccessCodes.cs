using System.Security.Cryptography;
using System.Text;

namespace CaseFlow.Web.Applicants;

/// <summary>查询码: the secret that, with the tracking number, lets an applicant reach their request. Random (60 bits from a
/// cryptographic generator), shown once on the receipt, kept only as its SHA-256 hash, compared in constant time.</summary>
public static class AccessCodes
{
    // No 0/O, 1/I/L: read aloud and typed from paper without confusion.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private const int Length = 12;

    /// <summary>A new code in groups of four: <c>K7QM-2XHP-9RTA</c>.</summary>
    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var code = new string(chars);
        return $"{code[..4]}-{code[4..8]}-{code[8..]}";
    }

    /// <summary>Case, spaces and dashes do not matter.</summary>
    public static string Normalise(string code) =>
        new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(code))));

    /// <summary>Constant-time comparison of the hash of the code given with the hash kept.</summary>
    public static bool Matches(string? code, string storedHash)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
            return false;
        var given = Encoding.ASCII.GetBytes(Hash(code));
        var kept = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(given, kept);
    }
}
