using NodaTime;

namespace CaseFlow.Contracts;

/// <summary>Published when the service (送达) of an issued letter has been recorded, from the outbox in the transaction that
/// records it. For a consultation letter (征求意见书) the addressee's 15-working-day window counts from
/// <see cref="ServedOn"/> (Art. 32 for a third party, Art. 34 for another agency): CaseFlow has already told the
/// consultation workflow when this is published.</summary>
public sealed record LetterServed
{
    public required Guid RequestId { get; init; }
    public required Guid LetterId { get; init; }
    /// <summary><c>receipt</c> | <c>correction-notice</c> | <c>consultation-letter</c> | <c>extension-notice</c> |
    /// <c>fee-notice</c> | <c>reply</c>.</summary>
    public required string LetterType { get; init; }
    public required string DocumentNumber { get; init; }
    public required string Addressee { get; init; }
    public required LocalDate ServedOn { get; init; }
    /// <summary><c>InPerson</c> | <c>Post</c> | <c>Email</c> | <c>Online</c>.</summary>
    public required string Method { get; init; }
    /// <summary>For a consultation letter, the consultation it belongs to.</summary>
    public Guid? ConsultationId { get; init; }
}
