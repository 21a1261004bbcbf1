using NodaTime;

namespace CaseFlow.Contracts;

/// <summary>Published when the service (送达) of a consultation letter (征求意见书) has been recorded: the addressee's
/// 15-working-day opinion window counts from <see cref="ServedOn"/> (Art. 32 for a third party, Art. 34 for another
/// agency). The consultation workflow consumes it to set the letter's receipt date; published from the outbox in the
/// transaction that records the service.</summary>
public sealed record ConsultationLetterServed
{
    public required Guid RequestId { get; init; }
    /// <summary>The consultation of the request the letter belongs to (its id in the request's state).</summary>
    public required Guid ConsultationId { get; init; }
    /// <summary>The participant the letter is addressed to.</summary>
    public required string Addressee { get; init; }
    public required Guid LetterId { get; init; }
    public required string DocumentNumber { get; init; }
    public required LocalDate ServedOn { get; init; }
    /// <summary><c>InPerson</c> | <c>Post</c> | <c>Email</c> | <c>Online</c>.</summary>
    public required string Method { get; init; }
}
