using System.Net.Mail;

namespace CaseFlow.Web.Security;

/// <summary>A user's notification address (<c>users.email</c>), as typed on /Admin/Users or /Account/Password.</summary>
public static class UserEmail
{
    /// <summary>The longest address SMTP carries (RFC 5321 §4.5.3.1.3: a path of 256 octets, less the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>An empty input clears the address (<c>Ok</c> with a null address); otherwise a plain <c>local@domain.tld</c>
    /// address without a display name, spaces or a dotless domain.</summary>
    public static (bool Ok, string? Address) Parse(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
            return (true, null);
        if (text.Length > MaxLength || text.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(text, out var address)
            || address.Address != text || address.DisplayName.Length > 0 || !address.Host.Contains('.') || address.Host.EndsWith('.'))
            return (false, null);
        return (true, text);
    }

    /// <summary>The address as the administration trail keeps it: the domain and the first character of the mailbox.</summary>
    public static string Masked(string? address) => address is null
        ? "none"
        : address.IndexOf('@') is var at and > 0 ? $"{address[0]}***{address[at..]}" : "***";
}
