using CaseFlow.Domain.Requests;

namespace CaseFlow.Domain.Tests.Requests;

/// <summary>The GB 32100-2015 check character, on codes published by the organisations themselves and on their
/// one-character corruptions.</summary>
public class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91110108551385082Q")]   // published on a company's own licence page
    [InlineData("9144030071526726XG")]
    [InlineData(" 91110108551385082q ")] // case and spaces as typed
    public void Published_codes_are_valid(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("91110108551385082R")]   // wrong check character
    [InlineData("91110108551385083Q")]   // one digit changed
    [InlineData("9111010855138508Q")]    // 17 characters
    [InlineData("91110108551385O82Q")]   // O is not in the alphabet
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not(string? code) => Assert.False(UnifiedSocialCreditCode.IsValid(code));
}
