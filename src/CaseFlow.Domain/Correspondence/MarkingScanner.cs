namespace CaseFlow.Domain.Correspondence;

/// <summary>A classification or restriction marking found in a document meant to go out with a reply.</summary>
public sealed record MarkingHit(string Marking, string Source, int Index)
{
    /// <summary>Identifies the hit for the reviewer's release: the marking and where it was found.</summary>
    public string Key => $"{Source}\n{Marking}";
}

/// <summary>保密审查: scans the text of a document to be provided with a reply for the markings that say it must not
/// leave the office as it is — state secret classifications (绝密★, 机密★, 秘密★, Art. 14 and the Law on Guarding State
/// Secrets) and restriction markings (内部资料, 工作秘密, 注意保存, Art. 16), plus the markings an agency adds.</summary>
/// <remarks>A hit does not decide that the document is secret: it blocks issuing until a reviewer records why it may go
/// out (declassified, the marking is quoted, the marked part is withheld). Spaces inside a marking (机 密★) are ignored;
/// the star of a classification may be written ★ or ☆ or *.</remarks>
public static class MarkingScanner
{
    /// <summary>The markings every agency checks for.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["绝密★", "机密★", "秘密★", "内部资料", "工作秘密", "注意保存"];

    /// <summary>Every marking in <paramref name="text"/> (from <paramref name="source"/>), once per marking, at its first
    /// place; <paramref name="extra"/> are the agency's own markings (blank entries ignored).</summary>
    public static IReadOnlyList<MarkingHit> Scan(string text, string source, IEnumerable<string>? extra = null)
    {
        var (normalised, positions) = Normalise(text);
        var hits = new List<MarkingHit>();
        var markings = BuiltIn.Concat((extra ?? []).Select(m => m.Trim()).Where(m => m.Length > 0)).Distinct();
        foreach (var marking in markings)
        {
            var wanted = Normalise(marking).Text;
            var at = normalised.IndexOf(wanted, StringComparison.Ordinal);
            if (at >= 0)
                hits.Add(new MarkingHit(marking, source, positions[at]));
        }
        return hits.OrderBy(h => h.Index).ToList();
    }

    private static (string Text, List<int> Positions) Normalise(string text)
    {
        var chars = new System.Text.StringBuilder(text.Length);
        var positions = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\u3000')
                continue;
            chars.Append(c is '☆' or '*' or '＊' ? '★' : c);
            positions.Add(i);
        }
        return (chars.ToString(), positions);
    }
}
