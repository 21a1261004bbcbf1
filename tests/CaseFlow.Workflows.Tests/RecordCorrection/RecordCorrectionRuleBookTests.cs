using CaseFlow.Workflows.RecordCorrections;

namespace CaseFlow.Workflows.Tests.RecordCorrection;

/// <summary>The rule book in <c>workflows/record-correction/</c> must match the state machine. When it is stale, regenerate
/// the diagram with <c>CASEFLOW_UPDATE_RULEBOOK=1</c> and update the catalogue by hand.</summary>
public sealed class RecordCorrectionRuleBookTests
{
    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows", "record-correction");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("workflows/record-correction not found above the test assembly.");
    }

    [Fact]
    public void The_diagram_is_generated_from_the_state_machine()
    {
        var path = Path.Combine(Folder(), "diagram.md");
        var generated = "# The record-correction workflow (generated — do not edit)\n\n" +
                        "Generated from `RecordCorrectionStateMachine` by `RuleBook.Mermaid()`.\n\n" +
                        Workflows.RuleBook.Mermaid(new RecordCorrectionStateMachine());
        if (Environment.GetEnvironmentVariable("CASEFLOW_UPDATE_RULEBOOK") == "1")
            File.WriteAllText(path, generated);

        Assert.True(File.Exists(path), "diagram.md is missing: run the tests with CASEFLOW_UPDATE_RULEBOOK=1.");
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void The_catalogue_describes_every_state_and_event()
    {
        var catalogue = File.ReadAllText(Path.Combine(Folder(), "README.md"));
        var machine = new RecordCorrectionStateMachine();

        foreach (var state in machine.States.Select(s => s.Name).Where(s => s is not ("Initial" or "Final")))
            Assert.True(catalogue.Contains($"`{state}`", StringComparison.Ordinal), $"The catalogue does not describe the state {state}.");
        foreach (var @event in machine.Events.Select(e => e.Name).Where(e => !e.Contains('.', StringComparison.Ordinal)))
            Assert.True(catalogue.Contains($"`{@event}`", StringComparison.Ordinal), $"The catalogue does not describe the event {@event}.");
    }
}
