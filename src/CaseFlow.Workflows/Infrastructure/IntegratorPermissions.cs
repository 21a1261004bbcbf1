using System.Text.RegularExpressions;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>What an integrator's RabbitMQ user may do on the installation's virtual host (RabbitMQ's configure, write
/// and read patterns): publish the public contract's commands, declare and read its own queues and exchanges (named
/// <c>integration.&lt;user&gt;.…</c>, e.g. its reply queue), and bind them to the public events. Nothing else: the
/// saga's queue, the other commands' exchanges and other integrators' queues are out of reach.</summary>
public sealed record IntegratorPermissions(string User, string Configure, string Write, string Read)
{
    /// <summary>The exchanges an integrator may publish to (README, "Messages on the bus").</summary>
    public static readonly IReadOnlyList<string> PublicCommandExchanges = ["CaseFlow.Contracts:RegisterRequest", "CaseFlow.Contracts:ConfirmReceipt"];

    /// <summary>The events an integrator may subscribe to.</summary>
    public static readonly IReadOnlyList<string> PublicEventExchanges =
    [
        "CaseFlow.Contracts:RequestRegistered", "CaseFlow.Contracts:DeadlineApproaching", "CaseFlow.Contracts:DeadlineMissed",
        "CaseFlow.Contracts:RequestClosed", "CaseFlow.Contracts:RequestReopened", "CaseFlow.Contracts:LetterServed",
    ];

    private static readonly Regex UserPattern = new("^[a-z][a-z0-9-]{1,31}$", RegexOptions.Compiled);

    public static bool IsValidUser(string user) => UserPattern.IsMatch(user);

    /// <summary>The prefix of the queues and exchanges the integrator owns.</summary>
    public static string OwnPrefix(string user) => $"integration.{user}.";

    public static IntegratorPermissions For(string user)
    {
        if (!IsValidUser(user))
            throw new ArgumentException("An integrator's user name is 2–32 lower-case letters, digits or '-', starting with a letter.", nameof(user));
        var own = Regex.Escape(OwnPrefix(user)) + ".*";
        static string Any(IEnumerable<string> names) => string.Join("|", names.Select(Regex.Escape));
        return new IntegratorPermissions(user,
            Configure: $"^{own}$",
            Write: $"^({Any(PublicCommandExchanges)}|{own})$",
            Read: $"^({Any(PublicEventExchanges)}|{own})$");
    }
}
