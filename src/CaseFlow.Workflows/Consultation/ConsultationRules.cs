using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>The consultation's rules as pure functions: null when the command may proceed, or the refusal.</summary>
public static class ConsultationRules
{
    private static Refusal Refuse(string zh, string en) => new(zh, en);

    /// <summary>A consultation is asked for on an open request whose clock runs (or is already stopped by another
    /// consultation); an external letter counts from its service (Art. 32, 34), an internal one needs a due date.</summary>
    public static Refusal? Start(DisclosureRequestState? r, StartConsultation c, IReadOnlySet<Guid> requestAttachments, LocalDate today) =>
        Start(r, c, requestAttachments, null, [], today);

    /// <summary>As above, with what the installation knows of the addressees (issue 17 item 2): an other-agency
    /// consultation (Art. 34) may be addressed to another agency of the installation (<paramref name="addressedAgencyName"/>
    /// is its name, null when there is no such agency), and an internal joint consultation may invite colleagues of
    /// other agencies of the installation by name (<paramref name="colleagues"/>: those of the names that exist).</summary>
    public static Refusal? Start(DisclosureRequestState? r, StartConsultation c, IReadOnlySet<Guid> requestAttachments,
        string? addressedAgencyName, IReadOnlyList<InvitedUser> colleagues, LocalDate today)
    {
        if (r is null)
            return Refusals.NoSuchRequest;
        if (r.CurrentState is not (nameof(DisclosureRequestStateMachine.InProgress) or nameof(DisclosureRequestStateMachine.Consulting)))
            return Refusals.NotInThisState(r.CurrentState, nameof(StartConsultation));
        if (!Enum.IsDefined(c.Kind))
            return Refuse("征求意见类型无效。", "Unknown consultation kind.");
        if (c.Participants.Count + c.Colleagues.Count == 0 && c.AddressedAgencyCode is null || c.Participants.Any(string.IsNullOrWhiteSpace))
            return Refuse("须填写征求意见的对象。", "Name the participants.");
        if (c.AddressedAgencyCode is { } addressed)
        {
            if (c.Kind != ConsultationKind.OtherAgency)
                return Refuse("只有征求其他机关意见（第三十四条）可以发送给本平台的其他机关。",
                    "Only an other-agency consultation (Art. 34) is addressed to an agency of the installation.");
            if (addressed == r.AgencyCode)
                return Refuse("征求其他机关意见不能发送给本机关。", "An other-agency consultation is not addressed to one's own agency.");
            if (addressedAgencyName is null)
                return Refuse("本平台没有该机关；平台以外的机关请填写名称（书面征求意见）。",
                    "No such agency on the installation; name an agency outside it as a participant (on paper).");
        }
        if (c.Colleagues.Count > 0)
        {
            if (c.Kind != ConsultationKind.Internal)
                return Refuse("只有内部会商可以邀请其他部门的同事。", "Only an internal joint consultation invites colleagues of other agencies.");
            foreach (var name in c.Colleagues)
            {
                var user = colleagues.FirstOrDefault(u => u.UserName == name);
                if (user is null || user.Disabled || user.AgencyCode == r.AgencyCode
                    || user.Role is not (Roles.Caseworker or Roles.LegalAdviser or Roles.Supervisor))
                    return Refuse($"「{name}」不是本平台其他机关的在岗人员。", $"'{name}' is not an active colleague of another agency of the installation.");
            }
        }
        if (string.IsNullOrWhiteSpace(c.Question))
            return Refuse("须填写征求意见的事项。", "State the question put.");
        var clockStartsOn = r.CorrectedOn ?? r.ReceivedOn;
        if (c.SentOn < clockStartsOn || c.SentOn > today)
            return Refuse("征求意见书发出日期须在答复期限起算日至今天之间。", "The letter date must lie between the clock start and today.");
        if (c.LetterReceivedOn is { } received && (received < c.SentOn || received > today))
            return Refuse("送达日期须在发出日期至今天之间。", "The letter must be received between its sending and today.");
        if (c.Kind == ConsultationKind.Internal && (c.DueOn is null || c.DueOn < c.SentOn))
            return Refuse("内部会商须设定不早于发出日期的意见期限。", "An internal consultation needs a due date on or after the letter date.");
        if (c.Materials.FirstOrDefault(m => !requestAttachments.Contains(m)) is var unknown && unknown != Guid.Empty)
            return Refuse("共享的材料须是本申请的附件。", "Shared materials must be attachments of this request.");
        return null;
    }

    public static Refusal? Opinion(ConsultationState s, RecordOpinion c, LocalDate today)
    {
        if (c.RequestId != s.RequestId)
            return Refuse("没有这项征求意见。", "No such consultation.");
        if (!s.Participants.Contains(c.Participant))
            return Refuse($"「{c.Participant}」不是该征求意见的对象。", $"'{c.Participant}' was not consulted.");
        if (s.Opinions.Any(o => o.Participant == c.Participant))
            return Refuse($"已记录「{c.Participant}」的意见。", $"An opinion of '{c.Participant}' is already recorded.");
        if (!Enum.IsDefined(c.Position))
            return Refuse("请选择同意、不同意或附条件同意。", "Choose agree, disagree or conditional.");
        if (string.IsNullOrWhiteSpace(c.Reasoning))
            return Refuse("须写明意见的理由。", "Give the reasoning.");
        if (c.ReceivedOn < s.SentOn || c.ReceivedOn > today)
            return Refuse("收到意见之日须在征求意见书发出之日至今天之间。", "An opinion arrives between the letter and today.");
        return null;
    }

    public static Refusal? Service(ConsultationState s, RecordLetterServed c, LocalDate today)
    {
        if (c.RequestId != s.RequestId)
            return Refuse("没有这项征求意见。", "No such consultation.");
        if (!s.IsExternal)
            return Refuse("内部会商没有送达日期。", "An internal consultation has no service date.");
        if (s.LetterReceivedOn is not null)
            return Refuse("已登记送达日期。", "The service date is already recorded.");
        if (c.ReceivedOn < s.SentOn || c.ReceivedOn > today)
            return Refuse("送达日期须在发出日期至今天之间。", "The letter is received between its sending and today.");
        return null;
    }

    public static Refusal? Reminder(ConsultationState s, SendConsultationReminder c, LocalDate today)
    {
        if (c.RequestId != s.RequestId)
            return Refuse("没有这项征求意见。", "No such consultation.");
        if (c.SentOn > today || c.SentOn < s.SentOn)
            return Refuse("催办日期须在征求意见书发出之日至今天之间。", "A reminder is sent between the letter and today.");
        return null;
    }

    public static Refusal? Withdrawal(ConsultationState s, WithdrawConsultation c, LocalDate today)
    {
        if (c.RequestId != s.RequestId)
            return Refuse("没有这项征求意见。", "No such consultation.");
        if (string.IsNullOrWhiteSpace(c.Reason))
            return Refuse("须说明撤回征求意见的理由。", "Give the reason for withdrawing.");
        if (c.WithdrawnOn > today || c.WithdrawnOn < s.SentOn)
            return Refuse("撤回日期须在征求意见书发出之日至今天之间。", "The withdrawal lies between the letter and today.");
        return null;
    }
}
