namespace CaseFlow.Web.Correspondence;

public enum LetterBlockKind
{
    /// <summary><c># </c>: the title (小标宋/宋体, centred).</summary>
    Title,
    /// <summary><c>## </c>: the document number line (centred).</summary>
    Number,
    /// <summary><c>&lt; </c>: the addressee (主送), flush left.</summary>
    Addressee,
    /// <summary>Any other line: a body paragraph (仿宋, first line indented two characters).</summary>
    Body,
    /// <summary><c>&gt; </c>: the issuing agency with its seal, and the date (right-aligned).</summary>
    Signature,
}

public sealed record LetterBlock(LetterBlockKind Kind, string Text);

/// <summary>The line format a rendered template is in (<c>workflows/templates/README.md</c>): one paragraph per line, its
/// kind marked by the line's first characters. The .docx and the printable page are both made from it.</summary>
public static class LetterFormat
{
    public static IReadOnlyList<LetterBlock> Parse(string content) =>
        content.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).Select(line => line switch
        {
            _ when line.StartsWith("## ", StringComparison.Ordinal) => new LetterBlock(LetterBlockKind.Number, line[3..].Trim()),
            _ when line.StartsWith("# ", StringComparison.Ordinal) => new LetterBlock(LetterBlockKind.Title, line[2..].Trim()),
            _ when line.StartsWith("< ", StringComparison.Ordinal) => new LetterBlock(LetterBlockKind.Addressee, line[2..].Trim()),
            _ when line.StartsWith("> ", StringComparison.Ordinal) => new LetterBlock(LetterBlockKind.Signature, line[2..].Trim()),
            _ => new LetterBlock(LetterBlockKind.Body, line.Trim()),
        }).ToList();

    /// <summary>The letter as plain text (what the privacy check reads and the case file's manifest hashes).</summary>
    public static string PlainText(string content) => string.Join("\n", Parse(content).Select(b => b.Text));

    public static string Title(string content) => Parse(content).FirstOrDefault(b => b.Kind == LetterBlockKind.Title)?.Text ?? "";

    public static string Addressee(string content) => Parse(content).FirstOrDefault(b => b.Kind == LetterBlockKind.Addressee)?.Text.TrimEnd('：', ':') ?? "";

    /// <summary>A fact written by a person must not turn into a title or signature line: leading markers are dropped.</summary>
    public static string Neutralise(string value) =>
        string.Join("\n", value.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimStart().TrimStart('#', '<', '>').TrimStart()));
}
