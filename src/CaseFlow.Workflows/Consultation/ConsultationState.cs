using System.Text.Json.Serialization;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>One consultation (征求意见 / 会商) of a disclosure request, as its own workflow keeps it. Persisted as JSON in
/// its saga row, with the list columns promoted.</summary>
/// <remarks>Third parties (Art. 32) and other agencies (Art. 34) answer a written consultation letter (征求意见书)
/// within 15 working days of receiving it; the time does not count against the reply deadline (Art. 33 ¶3). An
/// internal joint consultation (会商) has a due date set by the caseworker and never stops the clock.</remarks>
public sealed class ConsultationState : SagaStateMachineInstance, ISagaVersion, IWorkflowState
{
    public Guid CorrelationId { get; set; }
    /// <summary>Answers name the request the consultation belongs to.</summary>
    Guid IWorkflowState.AnsweredRequestId => RequestId;
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";

    public Guid RequestId { get; set; }
    public string AgencyCode { get; set; } = "";
    public string TrackingNumber { get; set; } = "";
    public string CalendarId { get; set; } = "cn";
    public ConsultationKind Kind { get; set; }
    public List<string> Participants { get; set; } = [];
    /// <summary>Other agency (Art. 34) of this installation: its code; its name is the participant, and any of its
    /// caseworkers, legal advisers or supervisor gives the opinion in the app. Null when written to on paper.</summary>
    public string? AddressedAgencyCode { get; set; }
    /// <summary>Internal joint consultation: colleagues of other agencies of the installation invited by name (each is
    /// also a participant, by user name).</summary>
    public List<InvitedColleague> Colleagues { get; set; } = [];
    public string Question { get; set; } = "";
    /// <summary>Attachment ids of the request shared with the participants (read-only for them).</summary>
    public List<Guid> Materials { get; set; } = [];
    /// <summary>文号 of the consultation letter (征求意见书).</summary>
    public string? DocumentNumber { get; set; }
    /// <summary>征求意见书 sent on: the start of the excluded span (OGI-RULES §3).</summary>
    public LocalDate SentOn { get; set; }
    /// <summary>送达: the addressee received the letter; the 15 working days count from the day after (Art. 32, 34).</summary>
    public LocalDate? LetterReceivedOn { get; set; }
    /// <summary>The last day for opinions: statutory for external consultations, set by the caseworker for internal ones.</summary>
    public LocalDate WindowDueOn { get; set; }
    public List<ConsultationOpinion> Opinions { get; set; } = [];
    public List<LocalDate> RemindersSentOn { get; set; } = [];
    public LocalDate? EndedOn { get; set; }
    public ConsultationEnd? End { get; set; }
    public string? WithdrawalReason { get; set; }
    public string StartedBy { get; set; } = "";
    public Instant StartedAt { get; set; }

    /// <summary>The request as it stood when the consultation was asked for; read in the same transaction, never stored.</summary>
    [JsonIgnore]
    public DisclosureRequestState? Request { get; set; }

    /// <summary>The request's attachment ids, read with it; never stored.</summary>
    [JsonIgnore]
    public HashSet<Guid> RequestAttachments { get; set; } = [];

    /// <summary>The addressed agency's name as the agencies table has it (null when not an agency of the installation); the
    /// participant its users answer as.</summary>
    public string? AddressedAgencyName { get; set; }

    /// <summary>The invited colleagues as the users table knows them, read with the request; never stored.</summary>
    [JsonIgnore]
    public IReadOnlyList<Persistence.Consultations.InvitedUser> ColleagueAccounts { get; set; } = [];

    /// <summary>The participant a user of another agency answers as: the addressed agency's name for the agency's users,
    /// or their own user name when invited by name; null when the consultation asks nothing of them.</summary>
    public string? ParticipantFor(string agencyCode, string userName) =>
        Colleagues.Any(c => c.UserName == userName && c.AgencyCode == agencyCode) ? userName
        : AddressedAgencyCode == agencyCode && Kind == ConsultationKind.OtherAgency ? AddressedAgencyName
        : null;

    [JsonIgnore]
    public bool IsExternal => Kind is ConsultationKind.ThirdParty or ConsultationKind.OtherAgency;

    [JsonIgnore]
    public bool AllOpinionsIn => Participants.All(p => Opinions.Any(o => o.Participant == p));

    /// <summary>Participants who have not answered yet.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Awaited => Participants.Where(p => Opinions.All(o => o.Participant != p)).ToList();
}

/// <summary>A colleague of another agency of the installation invited by name to a joint consultation (issue 17 item 2).</summary>
public sealed record InvitedColleague(string UserName, string AgencyCode);

/// <summary>An opinion (意见): the position, its reasoning and the articles cited, the day it arrived, and who entered it
/// (the adviser in the app, or the caseworker from a paper letter).</summary>
public sealed record ConsultationOpinion(string Participant, OpinionPosition Position, string Reasoning, string? CitedArticles,
    LocalDate ReceivedOn, string EnteredBy, bool FromPaper);
