using System.Text;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using MassTransit.SagaStateMachine;

namespace CaseFlow.Workflows;

/// <summary>Generates the rule book's diagram from the state machine itself, so it cannot drift from the code.</summary>
public static class RuleBook
{
    /// <summary>The disclosure-request workflow as a Mermaid state diagram.</summary>
    /// <remarks>MassTransit's <c>GetGraph()</c> shares one vertex per event across states, so a diagram drawn from it
    /// shows transitions that do not exist (every target of DeadlineReached from every state). This walks the same
    /// machine with a visitor that keeps each (state, event) pair apart.</remarks>
    public static string DisclosureRequestDiagram() => Mermaid(new DisclosureRequestStateMachine());

    /// <summary>The consultation workflow (征求意见 / 会商) as a Mermaid state diagram.</summary>
    public static string ConsultationDiagram() => Mermaid(new Consultations.ConsultationStateMachine());

    public static string Mermaid<TSaga>(MassTransitStateMachine<TSaga> machine) where TSaga : class, SagaStateMachineInstance
    {
        var visitor = new TransitionVisitor<TSaga>();
        machine.Accept(visitor);
        var text = new StringBuilder("```mermaid\nstateDiagram-v2\n");
        foreach (var line in visitor.Transitions.Select(t => $"    {Name(t.From)} --> {Name(t.To)} : {t.Event}").Distinct().Order(StringComparer.Ordinal))
            text.Append(line).Append('\n');
        return text.Append("```\n").ToString();
    }

    private sealed class TransitionVisitor<TSaga> : StateMachineVisitor where TSaga : class, SagaStateMachineInstance
    {
        private string _state = "";
        private string _event = "";

        public List<(string From, string Event, string To)> Transitions { get; } = [];

        public void Visit(State state, Action<State> next)
        {
            _state = state.Name;
            next(state);
        }

        public void Visit(Event @event, Action<Event> next)
        {
            _event = @event.Name;
            next(@event);
        }

        public void Visit<TData>(Event<TData> @event, Action<Event<TData>> next) where TData : class
        {
            _event = @event.Name;
            next(@event);
        }

        public void Visit(IStateMachineActivity activity) => Visit(activity, _ => { });

        public void Visit(IStateMachineActivity activity, Action<IStateMachineActivity> next)
        {
            if (activity is TransitionActivity<TSaga> transition)
                Transitions.Add((_state, _event, transition.ToState.Name));
            next(activity);
        }

        public void Visit<T>(IBehavior<T> behavior) where T : class, SagaStateMachineInstance => Visit(behavior, _ => { });

        public void Visit<T>(IBehavior<T> behavior, Action<IBehavior<T>> next) where T : class, SagaStateMachineInstance => next(behavior);

        public void Visit<T, TData>(IBehavior<T, TData> behavior) where T : class, SagaStateMachineInstance where TData : class =>
            Visit(behavior, _ => { });

        public void Visit<T, TData>(IBehavior<T, TData> behavior, Action<IBehavior<T, TData>> next)
            where T : class, SagaStateMachineInstance where TData : class => next(behavior);
    }

    private static string Name(string state) => state switch
    {
        "Initial" => "[*]",
        "Final" => "[*]",
        _ => state,
    };

    public static IReadOnlyList<string> States() => new DisclosureRequestStateMachine().States.Select(s => s.Name).ToList();

    public static IReadOnlyList<string> Events() => new DisclosureRequestStateMachine().Events.Select(e => e.Name).ToList();

    public static IReadOnlyList<string> ConsultationStates() => new Consultations.ConsultationStateMachine().States.Select(s => s.Name).ToList();

    public static IReadOnlyList<string> ConsultationEvents() => new Consultations.ConsultationStateMachine().Events.Select(e => e.Name).ToList();
}
