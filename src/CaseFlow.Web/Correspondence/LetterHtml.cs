using System.Net;
using System.Text;

namespace CaseFlow.Web.Correspondence;

/// <summary>A letter as a stand-alone printable HTML page: A4 print CSS, 仿宋/宋体 with the Noto CJK fonts as fallback.</summary>
public static class LetterHtml
{
    public const string Css = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: FangSong, "仿宋", STFangsong, "Noto Serif CJK SC", "Noto Serif SC", serif; font-size: 16pt; line-height: 28pt; color: #000; max-width: 156mm; margin: 2em auto; }
        h1 { font-family: SimSun, "宋体", "Noto Serif CJK SC", "Noto Serif SC", serif; font-size: 22pt; font-weight: bold; text-align: center; margin: 0 0 14pt; line-height: 1.4; }
        p { margin: 0; text-align: justify; }
        p.number { text-align: center; margin-bottom: 14pt; }
        p.body { text-indent: 2em; }
        p.signature { text-align: right; }
        p.signature.first { margin-top: 28pt; }
        footer { margin-top: 28pt; font-size: 10pt; color: #555; font-family: "Noto Sans CJK SC", sans-serif; }
        @media print { body { margin: 0; max-width: none; } footer { display: none; } }
        """;

    public static string Page(string content, string? footer = null)
    {
        var html = new StringBuilder();
        var title = WebUtility.HtmlEncode(LetterFormat.Title(content));
        html.Append($"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{Css}</style></head><body>");
        html.Append(Fragment(content));
        if (footer is not null)
            html.Append($"<footer>{WebUtility.HtmlEncode(footer)}</footer>");
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>The letter's paragraphs as HTML, for the preview on the request's letters page.</summary>
    public static string Fragment(string content)
    {
        var html = new StringBuilder();
        var signatureSeen = false;
        foreach (var block in LetterFormat.Parse(content))
        {
            var text = WebUtility.HtmlEncode(block.Text);
            html.Append(block.Kind switch
            {
                LetterBlockKind.Title => $"<h1>{text}</h1>",
                LetterBlockKind.Number => $"<p class=\"number\">{text}</p>",
                LetterBlockKind.Addressee => $"<p class=\"addressee\">{text}</p>",
                LetterBlockKind.Signature => $"<p class=\"signature{(signatureSeen ? "" : " first")}\">{text}</p>",
                _ => $"<p class=\"body\">{text}</p>",
            });
            signatureSeen |= block.Kind == LetterBlockKind.Signature;
        }
        return html.ToString();
    }
}
