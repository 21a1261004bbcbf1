namespace CaseFlow.Workflows.Tests.RuleBook;

/// <summary>The rule book in <c>workflows/disclosure-request/</c> must match the state machine. When it is stale,
/// regenerate the diagram with <c>CASEFLOW_UPDATE_RULEBOOK=1</c> and update the catalogue by hand.</summary>
public sealed class RuleBookTests
{
    private static string Folder(string workflow = "disclosure-request")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows", workflow);
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"workflows/{workflow} not found above the test assembly.");
    }

    [Fact]
    public void The_diagram_is_generated_from_the_state_machine()
    {
        var path = Path.Combine(Folder(), "diagram.md");
        var generated = "# The disclosure-request workflow (generated — do not edit)\n\n" +
                        "Generated from `DisclosureRequestStateMachine` by `RuleBook.DisclosureRequestDiagram()` (a visitor over the machine, like `GetGraph()`, that keeps each state's transitions apart).\n\n" +
                        Workflows.RuleBook.DisclosureRequestDiagram();
        if (Environment.GetEnvironmentVariable("CASEFLOW_UPDATE_RULEBOOK") == "1")
            File.WriteAllText(path, generated);

        Assert.True(File.Exists(path), "diagram.md is missing: run the tests with CASEFLOW_UPDATE_RULEBOOK=1.");
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void The_catalogue_describes_every_state_and_event()
    {
        var catalogue = File.ReadAllText(Path.Combine(Folder(), "README.md"));

        foreach (var state in Workflows.RuleBook.States().Where(s => s is not ("Initial" or "Final")))
            Assert.True(catalogue.Contains($"`{state}`", StringComparison.Ordinal), $"The catalogue does not describe the state {state}.");
        foreach (var @event in Workflows.RuleBook.Events().Where(e => !e.Contains('.', StringComparison.Ordinal)))
            Assert.True(catalogue.Contains($"`{@event}`", StringComparison.Ordinal), $"The catalogue does not describe the event {@event}.");
    }

    [Fact]
    public void The_consultation_diagram_is_generated_from_its_state_machine()
    {
        var path = Path.Combine(Folder("consultation"), "diagram.md");
        var generated = "# The consultation workflow (generated — do not edit)\n\n" +
                        "Generated from `ConsultationStateMachine` by `RuleBook.ConsultationDiagram()`.\n\n" +
                        Workflows.RuleBook.ConsultationDiagram();
        if (Environment.GetEnvironmentVariable("CASEFLOW_UPDATE_RULEBOOK") == "1")
            File.WriteAllText(path, generated);

        Assert.True(File.Exists(path), "diagram.md is missing: run the tests with CASEFLOW_UPDATE_RULEBOOK=1.");
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void The_consultation_catalogue_describes_every_state_and_event()
    {
        var catalogue = File.ReadAllText(Path.Combine(Folder("consultation"), "README.md"));

        foreach (var state in Workflows.RuleBook.ConsultationStates().Where(s => s is not ("Initial" or "Final")))
            Assert.True(catalogue.Contains($"`{state}`", StringComparison.Ordinal), $"The catalogue does not describe the state {state}.");
        foreach (var @event in Workflows.RuleBook.ConsultationEvents().Where(e => !e.Contains('.', StringComparison.Ordinal)))
            Assert.True(catalogue.Contains($"`{@event}`", StringComparison.Ordinal), $"The catalogue does not describe the event {@event}.");
    }
}
