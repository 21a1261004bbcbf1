using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using Fluid;

namespace CaseFlow.Web.Correspondence;

/// <summary>One letter template of <c>workflows/templates/</c> (Liquid), parsed once.</summary>
public sealed record LetterTemplate(string Name, string Source, IFluidTemplate Parsed)
{
    /// <summary>Every variable the template uses, in order of first use.</summary>
    public IReadOnlyList<string> Variables { get; } = LetterTemplates.VariablesOf(Source);

    /// <summary>The fields the caseworker writes (<c>input_…</c>); the rest are facts of the request.</summary>
    public IReadOnlyList<string> Inputs => Variables.Where(v => v.StartsWith("input_", StringComparison.Ordinal)).ToList();
}

/// <summary>The result of rendering: the content in the letter line format, or the variables that had no value.</summary>
public sealed record TemplateResult(string? Content, IReadOnlyList<string> Missing);

/// <summary>The letter templates, embedded from <c>workflows/templates/*.liquid</c> at build time and rendered with Fluid.</summary>
/// <remarks>A template whose variable has no value (or an empty one) does not render: the missing variables are returned
/// so the page can name them, and no letter is ever issued with a blank.</remarks>
public sealed partial class LetterTemplates
{
    private const string RequestLetters = "CaseFlow.Letters.";
    private readonly FrozenDictionary<string, LetterTemplate> _templates;

    /// <summary>The disclosure request's letters (<c>workflows/templates/*.liquid</c>).</summary>
    public LetterTemplates() : this(RequestLetters)
    {
    }

    /// <summary>The templates embedded under <paramref name="resourcePrefix"/>: another workflow's letters (e.g. the
    /// record-correction letters of <c>workflows/templates/record-correction/</c>), rendered the same way.</summary>
    public LetterTemplates(string resourcePrefix)
    {
        var parser = new FluidParser();
        var assembly = typeof(LetterTemplates).Assembly;
        var templates = new Dictionary<string, LetterTemplate>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && n.EndsWith(".liquid", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var source = reader.ReadToEnd();
            var name = resource[resourcePrefix.Length..^".liquid".Length];
            if (!parser.TryParse(source, out var parsed, out var error))
                throw new InvalidOperationException($"Letter template {name}.liquid does not parse: {error}");
            templates[name] = new LetterTemplate(name, source, parsed);
        }
        _templates = templates.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _templates.Keys;

    public LetterTemplate Named(string name) =>
        _templates.TryGetValue(name, out var template) ? template : throw new InvalidOperationException($"There is no template {name}.liquid.");

    public LetterTemplate For(LetterType type, Outcome? outcome) =>
        _templates.TryGetValue(LetterTypes.TemplateName(type, outcome), out var template)
            ? template
            : throw new InvalidOperationException($"There is no template {LetterTypes.TemplateName(type, outcome)}.liquid in workflows/templates.");

    public async Task<TemplateResult> RenderAsync(LetterTemplate template, IReadOnlyDictionary<string, string> values)
    {
        var missing = template.Variables.Where(v => !values.TryGetValue(v, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        if (missing.Count > 0)
            return new TemplateResult(null, missing);
        var context = new TemplateContext();
        foreach (var (name, value) in values)
            context.SetValue(name, value.Trim());
        var text = await template.Parsed.RenderAsync(context, NullEncoder.Default);
        // A field that already ends with 。 before the template's own 。 would print 。。.
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => DoubleStop().Replace(l.TrimEnd(), "。")).Where(l => l.Length > 0);
        return new TemplateResult(string.Join("\n", lines) + "\n", []);
    }

    internal static IReadOnlyList<string> VariablesOf(string source)
    {
        var withoutComments = Comment().Replace(source, "");
        return Variable().Matches(withoutComments).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    [GeneratedRegex("。(?:\\s*。)+")]
    private static partial Regex DoubleStop();

    [GeneratedRegex(@"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"(?:\{\{-?|\{%-?\s*(?:if|elsif|unless))\s*([a-z_][a-z0-9_]*)")]
    private static partial Regex Variable();
}
