using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;

namespace CaseFlow.Cli.Report;

/// <summary>The language of the <c>report</c>, <c>ledger</c> and <c>challenges</c> commands' messages (issue 14 item 3):
/// Chinese first — every message is written <c>中文 / English</c> — and English only with <c>--english</c>.</summary>
/// <remarks>The English of a message is derived from the one bilingual text, so that the two cannot drift apart: each
/// <c>第N行</c> becomes <c>row N</c>, and each Chinese passage (from the word holding its first Chinese character to the
/// <c> / </c> that follows it) is dropped, leaving the English that follows. Text with no Chinese passage before a
/// <c> / </c> — the national tables, names, JSON — is left as it is.</remarks>
public static partial class CliText
{
    public static Option<bool> EnglishOption() =>
        new("--english") { Description = "messages in English only (default: Chinese first, then English)", Recursive = true };

    public static bool IsEnglish(IReadOnlyList<string> args) => args.Contains("--english");

    /// <summary>The console the commands write to: English-only when <paramref name="english"/>.</summary>
    public static CliConsole For(CliConsole console, bool english) =>
        english ? new CliConsole(console.In, new EnglishWriter(console.Out), new EnglishWriter(console.Error)) : console;

    public static bool IsEnglish(CliConsole console) => console.Out is EnglishWriter;

    public static string English(string message)
    {
        var text = RowNumber().Replace(message, "row $1");
        while (true)
        {
            var match = ChinesePassage().Match(text);
            if (!match.Success)
                return text;
            text = text[..match.Index] + text[(match.Index + match.Length)..];
        }
    }

    // A word holding a Chinese character (CJK ideographs, full-width punctuation), starting after a space or colon and
    // not a quoted value ('外星人' is the input, kept), then everything up to the first " / ".
    [GeneratedRegex(@"(?<=^|[\s:])(?!')[^\s;]*[\u3000-\u303F\u3400-\u9FFF\uFF00-\uFFEF][^;]*? / ")]
    private static partial Regex ChinesePassage();

    [GeneratedRegex(@"第(\d+)行")]
    private static partial Regex RowNumber();

    /// <summary>Writes each line in English (<see cref="English"/>); a JSON document is passed as it is.</summary>
    public sealed class EnglishWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value);

        public override void WriteLine(string? value) =>
            inner.WriteLine(value is null || value.StartsWith('{') ? value : English(value));

        public override void Flush() => inner.Flush();
    }
}
