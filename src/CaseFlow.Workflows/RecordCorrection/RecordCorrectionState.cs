using System.Text.Json.Serialization;
using CaseFlow.Domain.RecordCorrections;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>One request to correct records (更正申请, Art. 41) as its workflow keeps it: persisted as JSON in its saga row
/// (<c>record_corrections</c>), with the list columns promoted.</summary>
/// <remarks>Not a disclosure request: it has no reply clock of Art. 33 and is never counted in table 三. Its due date is the
/// soft one of <see cref="RecordCorrectionRule.Due"/> (Convention: 20 working days by analogy with Art. 33 ¶2).</remarks>
public sealed class RecordCorrectionState : SagaStateMachineInstance, ISagaVersion, IWorkflowState
{
    public Guid CorrelationId { get; set; }
    /// <summary>Answers name the correction request itself.</summary>
    Guid IWorkflowState.AnsweredRequestId => CorrelationId;
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";

    public string AgencyCode { get; set; } = "";
    public string CalendarId { get; set; } = "cn";
    public string ApplicantName { get; set; } = "";
    /// <summary>身份证明 (Art. 29 by analogy): the applicant's identity document.</summary>
    public string ApplicantIdDocument { get; set; } = "";
    public string ApplicantContact { get; set; } = "";
    /// <summary>The government information record about the applicant that they say is inaccurate.</summary>
    public string Record { get; set; } = "";
    /// <summary>The evidence that it is inaccurate (Art. 41: 有证据证明).</summary>
    public string Evidence { get; set; } = "";
    public LocalDate ReceivedOn { get; set; }
    /// <summary>The soft due date (Convention, <see cref="RecordCorrectionRule.Due"/>).</summary>
    public LocalDate DueOn { get; set; }
    /// <summary>The due date touches a year whose calendar is not loaded (OGI-RULES §1).</summary>
    public bool DueProvisional { get; set; }
    public string RegisteredBy { get; set; } = "";
    public Instant RegisteredAt { get; set; }

    public RecordCorrectionOutcome? Outcome { get; set; }
    /// <summary>予以更正: what was changed in the record.</summary>
    public string? Change { get; set; }
    /// <summary>转送: the agency with the power to correct, when it is an agency of the installation (its code).</summary>
    public string? CompetentAgencyCode { get; set; }
    /// <summary>转送: the agency with the power to correct, by name (of the installation, or typed when outside it).</summary>
    public string? CompetentAgencyName { get; set; }
    /// <summary>不予更正: the reasons told to the applicant.</summary>
    public string? Reasons { get; set; }
    public LocalDate? DecidedOn { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>The decision letter (更正申请答复书), numbered when the decision was recorded.</summary>
    public string? LetterId { get; set; }
    public string? DocumentNumber { get; set; }

    public LocalDate? ServedOn { get; set; }
    public string? ServiceMethod { get; set; }

    /// <summary>The name of the agency chosen from the installation, read in the decision's transaction; never stored.</summary>
    [JsonIgnore]
    public string? ChosenAgencyName { get; set; }
}
