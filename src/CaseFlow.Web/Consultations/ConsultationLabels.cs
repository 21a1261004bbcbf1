using CaseFlow.Web.Infrastructure;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Web.Consultations;

/// <summary>How consultations read in the UI.</summary>
public static class ConsultationLabels
{
    public static string Kind(this Lang l, ConsultationKind kind) => kind switch
    {
        ConsultationKind.Internal => l["内部会商", "Internal joint consultation"],
        ConsultationKind.ThirdParty => l["征求第三方意见（第三十二条）", "Third party (Art. 32)"],
        ConsultationKind.OtherAgency => l["征求其他机关意见（第三十四条）", "Other agency (Art. 34)"],
        _ => kind.ToString(),
    };

    public static string Position(this Lang l, OpinionPosition position) => position switch
    {
        OpinionPosition.Agree => l["同意", "Agree"],
        OpinionPosition.Disagree => l["不同意", "Disagree"],
        OpinionPosition.Conditional => l["附条件同意", "Conditional"],
        _ => position.ToString(),
    };

    public static string State(this Lang l, ConsultationState c) => (c.CurrentState, c.End) switch
    {
        ("AwaitingOpinions", _) => l["待提出意见", "Awaiting opinions"],
        (_, { } end) => l.End(end),
        _ => c.CurrentState,
    };

    /// <summary>How a consultation ended, as the case file and the pages say it.</summary>
    public static string End(this Lang l, ConsultationEnd end) => end switch
    {
        ConsultationEnd.AllOpinionsIn => l["意见已齐", "All opinions in"],
        ConsultationEnd.SilenceAgencyDecides => l["期满未答复，由本机关决定（第三十二条）", "Silence: the agency decides (Art. 32)"],
        ConsultationEnd.SilenceDeemedConsent => l["期满未答复，视为同意公开（第三十四条）", "Silence: deemed consent (Art. 34)"],
        ConsultationEnd.Withdrawn => l["已撤回", "Withdrawn"],
        _ => end.ToString(),
    };
}
