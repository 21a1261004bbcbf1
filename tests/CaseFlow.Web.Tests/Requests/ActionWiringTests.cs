using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.RecordCorrections;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 15 item 1: an API/page action is one declaration in <see cref="RequestActions.All"/> (route name, event,
/// names, policy, command and its binder). These checks catch an action or a command that was written but not wired
/// (the workflow side is <c>CaseFlow.Workflows.Tests.Wiring.WiringTests</c>).</summary>
public class ActionWiringTests
{
    private static readonly DisclosureRequestStateMachine Machine = new();
    private static readonly IReadOnlyList<Type> RequestEvents = SagaPartitioning.EventMessageTypes(Machine);
    private static readonly IReadOnlyList<Type> ConsultationEvents = SagaPartitioning.EventMessageTypes(new ConsultationStateMachine());

    /// <summary>Commands a person gives somewhere other than <c>POST /api/requests/{id}/{action}</c>, and where.</summary>
    private static readonly Dictionary<Type, string> SentElsewhere = new()
    {
        [typeof(RegisterRequest)] = "POST /api/requests, the registration page, /Apply",
        [typeof(ReassignHandler)] = "the reassignment endpoint and page",
        [typeof(IssueLetter)] = "the letters desk",
        [typeof(RecordLetterService)] = "the letters desk",
        [typeof(RecomputeDeadlines)] = "the system (calendar changes)",
        [typeof(DeadlineReached)] = "the system (timers)",
        [typeof(ConsultationStarted)] = "the consultation workflow",
        [typeof(ConsultationLetterServed)] = "the consultation workflow",
        [typeof(ConsultationEnded)] = "the consultation workflow",
        [typeof(RegisterRecordCorrection)] = "POST /api/record-corrections and /RecordCorrections (Art. 41, its own workflow)",
        [typeof(DecideRecordCorrection)] = "the correction-of-records desk (Art. 41)",
        [typeof(RecordCorrectionLetterServed)] = "the correction-of-records desk (Art. 41)",
    };

    private static IEnumerable<Type> Commands() =>
        new[] { typeof(IRequestCommand).Assembly, typeof(DisclosureRequestStateMachine).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRequestCommand).IsAssignableFrom(t));

    [Fact]
    public void Every_action_waits_for_an_event_of_the_request_workflow()
    {
        var events = Machine.Events.Select(e => e.Name).ToHashSet();
        var unknown = RequestActions.All.Where(a => !events.Contains(a.Event)).Select(a => $"{a.Name} → {a.Event}").ToList();

        Assert.True(unknown.Count == 0, $"Actions waiting for no event of the request workflow: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_action_sends_a_command_a_workflow_handles()
    {
        var unhandled = RequestActions.All.Where(a => !RequestEvents.Contains(a.Command) && !ConsultationEvents.Contains(a.Command))
            .Select(a => $"{a.Name} → {a.Command.Name}").ToList();

        Assert.True(unhandled.Count == 0, $"Actions sending a command no workflow handles: {string.Join(", ", unhandled)}");
    }

    [Fact]
    public void Every_command_a_person_gives_is_an_action_or_named_where_it_is_sent()
    {
        var declared = RequestActions.All.Select(a => a.Command).ToHashSet();
        var unwired = Commands().Where(t => !declared.Contains(t) && !SentElsewhere.ContainsKey(t)).Select(t => t.Name).ToList();

        Assert.True(unwired.Count == 0, $"Commands neither declared as an action nor sent elsewhere: {string.Join(", ", unwired)}");
        Assert.All(declared, t => Assert.False(SentElsewhere.ContainsKey(t), $"{t.Name} is an action and listed as sent elsewhere"));
    }

    [Fact]
    public void Actions_are_named_once_each_with_their_own_command()
    {
        Assert.Equal(RequestActions.All.Count, RequestActions.All.Select(a => a.Name).Distinct().Count());
        // Commands are sent by type through their declaration: two actions may not share one.
        Assert.Equal(RequestActions.All.Count, RequestActions.All.Select(a => a.Command).Distinct().Count());
        Assert.All(RequestActions.All, a =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", a.Name);
            Assert.False(string.IsNullOrWhiteSpace(a.Zh));
            Assert.False(string.IsNullOrWhiteSpace(a.En));
            Assert.Contains(a.Policy, new[] { Security.Policies.Casework, Security.Policies.Supervision });
        });
    }

    [Fact]
    public void Every_action_binds_its_own_command_or_names_fields_the_input_has()
    {
        var fields = typeof(ActionInput).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet();
        var requestId = Guid.NewGuid();
        var today = new LocalDate(2026, 3, 2);
        foreach (var action in RequestActions.All)
        {
            var (command, errors) = RequestActions.Build(action, new ActionInput(), requestId, "caseworker-1", today);

            if (command is null)
                Assert.All(errors, e => Assert.True(fields.Contains(e.Field), $"{action.Name} names {e.Field}, not a field of the input"));
            else
            {
                Assert.Empty(errors);
                Assert.IsType(action.Command, command);
                Assert.Equal(requestId, command.RequestId);
            }
            // A wrong date is named, never taken as today.
            var (wrong, wrongErrors) = RequestActions.Build(action, new ActionInput { Date = "2026-02-30" }, requestId, "caseworker-1", today);
            Assert.Null(wrong);
            Assert.Contains(wrongErrors, e => e.Field == "date");
        }
    }

    [Fact]
    public async Task A_command_is_sent_only_through_its_own_declaration()
    {
        var payment = RequestActions.Find("payment")!;
        var reassign = new ReassignHandler { RequestId = Guid.NewGuid(), Actor = "supervisor-1", Handler = "caseworker-2" };

        await Assert.ThrowsAsync<ArgumentException>(() => payment.SendAsync(null!, reassign));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RequestActions.SendAsync(null!, reassign));
    }

    /// <summary>A letter that performs an act is that act: the request page offers no bare form for the acts done by their
    /// letters (issue 12: correction notice, fee notice, reply; issue 17 follow-up: the Art. 35 request for reasons and
    /// later reply date), even in the states where the workflow takes them; the API keeps them (their declarations).</summary>
    [Theory]
    [InlineData("correction-notice")]
    [InlineData("fee-notice")]
    [InlineData("reply")]
    [InlineData("reasons-request")]
    [InlineData("reasonable-period")]
    public void Acts_done_by_their_letters_are_not_offered_as_forms_on_the_page(string name)
    {
        var asked = new DisclosureRequestState
        {
            CurrentState = nameof(DisclosureRequestStateMachine.InProgress),
            ExcessiveInquiry = new ExcessiveRequestInquiry(new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 12), "10日内申请30件", "caseworker-1"),
        };
        var fresh = new DisclosureRequestState { CurrentState = nameof(DisclosureRequestStateMachine.InProgress) };
        var action = RequestActions.Find(name)!;

        Assert.Contains(action, RequestActions.AllowedIn(Machine, fresh.CurrentState));
        Assert.DoesNotContain(action, RequestActions.OfferedFor(Machine, fresh));
        Assert.DoesNotContain(action, RequestActions.OfferedFor(Machine, asked));
    }

    /// <summary>After the reasons window ends (Art. 35) the next step is a letter — the reply 504 or the 延迟答复告知书 —, so
    /// its button leads to 「以文书办理」, not to a form the page no longer has.</summary>
    [Fact]
    public void The_Art35_decision_step_leads_to_the_letters()
    {
        Assert.Equal("#letter-acts", NextSteps.Href("decide-reasons", Guid.NewGuid().ToString()));
        Assert.Equal(("以答复书或延迟答复告知书决定", "Decide by the reply or the notice of the later date"), NextSteps.Label("decide-reasons"));
    }
}
