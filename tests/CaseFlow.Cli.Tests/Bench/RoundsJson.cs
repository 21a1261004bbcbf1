using System.Text.Json;

namespace CaseFlow.Cli.Tests.Bench;

/// <summary>The <c>--json</c> answer the alternating benches share: <c>{&lt;count&gt;, rounds: [{engine, baseline}], ratio}</c>.</summary>
internal static class RoundsJson
{
    /// <summary>The run succeeded and printed exactly that object, with <paramref name="count"/> under
    /// <paramref name="countName"/>, <paramref name="rounds"/> rounds of positive figures and a positive ratio.</summary>
    public static void AssertPrinted(CliRun run, string countName, int count, int rounds)
    {
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var document = JsonDocument.Parse(Assert.Single(run.OutLines));
        var root = document.RootElement;
        Assert.Equal([countName, "rounds", "ratio"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(count, root.GetProperty(countName).GetInt32());
        var printed = root.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(rounds, printed.Count);
        foreach (var round in printed)
        {
            Assert.Equal(["engine", "baseline"], round.EnumerateObject().Select(p => p.Name));
            Assert.True(round.GetProperty("engine").GetDouble() > 0 && round.GetProperty("baseline").GetDouble() > 0);
        }
        Assert.True(root.GetProperty("ratio").GetDouble() > 0);
    }
}
