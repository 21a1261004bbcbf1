using CaseFlow.Contracts;
using CaseFlow.Domain.RecordCorrections;
using NodaTime;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>A command to a correction request (Art. 41). <see cref="IRequestCommand.RequestId"/> is the correction
/// request's own id: its audit trail, its letters and its answers are keyed by it.</summary>
public interface IRecordCorrectionMessage : IRequestCommand;

/// <summary>登记更正申请 (Art. 41): who asks, which record about them is inaccurate, and their evidence.</summary>
public sealed record RegisterRecordCorrection : IRecordCorrectionMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required string AgencyCode { get; init; }
    public required string ApplicantName { get; init; }
    public required string ApplicantIdDocument { get; init; }
    public required string ApplicantContact { get; init; }
    public required string Record { get; init; }
    public required string Evidence { get; init; }
    public required LocalDate ReceivedOn { get; init; }
}

/// <summary>处理决定 with its letter (a letter that performs an act is that act): corrected, referred to the agency with
/// the power, or refused with reasons; the 更正申请答复书 rendered by the caller with the number left for the workflow.</summary>
public sealed record DecideRecordCorrection : IRecordCorrectionMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required RecordCorrectionOutcome Outcome { get; init; }
    public string? Change { get; init; }
    /// <summary>The agency with the power, chosen from the installation's agencies (its code) …</summary>
    public string? CompetentAgencyCode { get; init; }
    /// <summary>… or typed when it is outside the installation.</summary>
    public string? CompetentAgencyName { get; init; }
    public string? Reasons { get; init; }
    public required LocalDate DecidedOn { get; init; }
    public required string LetterTitle { get; init; }
    /// <summary>The letter in the line format, with <c>Letters.NumberPlaceholder</c> where its number goes.</summary>
    public required string LetterContent { get; init; }
    /// <summary>JSON: the facts and fields the letter was rendered from.</summary>
    public required string LetterFacts { get; init; }
}

/// <summary>送达 of the decision letter: the correction request is closed.</summary>
public sealed record RecordCorrectionLetterServed : IRecordCorrectionMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate ServedOn { get; init; }
    /// <summary><c>InPerson</c> | <c>Post</c> | <c>Email</c> | <c>Online</c>.</summary>
    public required string Method { get; init; }
    public required string Evidence { get; init; }
}
