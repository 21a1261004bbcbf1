using CaseFlow.Contracts;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.RecordCorrections;

namespace CaseFlow.Workflows.Tests.Wiring;

/// <summary>A command is declared once, as an event of its state machine; its endpoint, partitioning and refusal text
/// follow from that. These checks catch a command that was written but not wired.</summary>
public class WiringTests
{
    private static readonly IReadOnlyList<Type> RequestEvents = SagaPartitioning.EventMessageTypes(new DisclosureRequestStateMachine());
    private static readonly IReadOnlyList<Type> ConsultationEvents = SagaPartitioning.EventMessageTypes(new ConsultationStateMachine());
    private static readonly IReadOnlyList<Type> RecordCorrectionEvents = SagaPartitioning.EventMessageTypes(new RecordCorrectionStateMachine());

    private static IEnumerable<Type> Commands() =>
        new[] { typeof(IRequestCommand).Assembly, typeof(DisclosureRequestStateMachine).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRequestCommand).IsAssignableFrom(t));

    [Fact]
    public void Every_command_is_an_event_of_a_workflow()
    {
        var unwired = Commands().Where(t => !RequestEvents.Contains(t) && !ConsultationEvents.Contains(t) && !RecordCorrectionEvents.Contains(t)).Select(t => t.Name).ToList();

        Assert.True(unwired.Count == 0, $"Commands no workflow handles: {string.Join(", ", unwired)}");
    }

    [Fact]
    public void Every_event_carries_the_key_it_is_partitioned_on()
    {
        Assert.All(RequestEvents, t => Assert.True(typeof(IRequestCommand).IsAssignableFrom(t), $"{t.Name} has no RequestId"));
        Assert.All(ConsultationEvents, t => Assert.True(typeof(IConsultationMessage).IsAssignableFrom(t), $"{t.Name} has no ConsultationId"));
        Assert.All(RecordCorrectionEvents, t => Assert.True(typeof(IRecordCorrectionMessage).IsAssignableFrom(t), $"{t.Name} has no correction id"));
    }

    [Fact]
    public void Every_command_a_person_gives_is_named_in_Chinese_when_refused()
    {
        // Timers, recomputations and the consultation's reports to the request are the system's, never refused to a person.
        var systemMessages = new[] { typeof(DeadlineReached), typeof(RecomputeDeadlines), typeof(ConsultationStarted), typeof(ConsultationEnded),
            typeof(ConsultationLetterServed), typeof(SendConsultationReminder) };
        var unnamed = RequestEvents.Where(t => !systemMessages.Contains(t) && CommandNames.Chinese(t.Name) == t.Name).Select(t => t.Name).ToList();

        Assert.True(unnamed.Count == 0, $"Commands without a Chinese name for refusals: {string.Join(", ", unnamed)}");
    }
}
