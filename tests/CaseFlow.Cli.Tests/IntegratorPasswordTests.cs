using CaseFlow.Cli.Integrator;

namespace CaseFlow.Cli.Tests;

public sealed class IntegratorPasswordTests
{
    /// <summary>rabbitmqctl takes an argument starting with '-' for an option: a password must never start with one (a
    /// base64url password did, about one time in 32, and <c>integrator add</c> failed).</summary>
    [Fact]
    public void A_new_broker_password_is_32_letters_and_digits_and_never_looks_like_an_option()
    {
        var passwords = Enumerable.Range(0, 2000).Select(_ => IntegratorCommand.NewPassword()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.Equal(32, p.Length);
            Assert.True(p.All(char.IsAsciiLetterOrDigit), p);
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }
}
