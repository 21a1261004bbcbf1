using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseFlow.Web.Correspondence;

/// <summary>A letter as a Word file, laid out after 《党政机关公文格式》GB/T 9704-2012: A4, title in 宋体 (SimSun) 二号 bold,
/// body in 仿宋 (FangSong) 三号 with a two-character first-line indent, signature and date right-aligned.</summary>
/// <remarks>The East Asian font is set explicitly (<c>w:eastAsia</c>), else Word renders Chinese in the Latin font's
/// fallback; Noto CJK is named as the alternative for machines without the Windows fonts.</remarks>
public static class LetterDocx
{
    public const string BodyFont = "仿宋";
    public const string TitleFont = "宋体";
    private const string BodySize = "32";  // 三号 16 pt, in half-points
    private const string TitleSize = "44"; // 二号 22 pt

    public static byte[] Write(string content)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            foreach (var block in LetterFormat.Parse(content))
                body.Append(Paragraph(block));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1587U, Right = 1474U, Header = 851U, Footer = 992U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The text of a Word file, paragraph by paragraph (to read back a letter or screen an attached document).</summary>
    public static string ReadText(Stream stream)
    {
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart?.Document?.Body;
        return body is null ? "" : string.Join("\n", body.Descendants<Paragraph>().Select(p => p.InnerText));
    }

    private static Paragraph Paragraph(LetterBlock block)
    {
        var (font, size, bold, justify, indent) = block.Kind switch
        {
            LetterBlockKind.Title => (TitleFont, TitleSize, true, JustificationValues.Center, false),
            LetterBlockKind.Number => (BodyFont, BodySize, false, JustificationValues.Center, false),
            LetterBlockKind.Addressee => (BodyFont, BodySize, false, JustificationValues.Left, false),
            LetterBlockKind.Signature => (BodyFont, BodySize, false, JustificationValues.Right, false),
            _ => (BodyFont, BodySize, false, JustificationValues.Both, true),
        };
        var paragraphProperties = new ParagraphProperties(
            new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = block.Kind is LetterBlockKind.Title or LetterBlockKind.Number ? "280" : "0" },
            new Justification { Val = justify });
        if (indent)
            paragraphProperties.Append(new Indentation { FirstLineChars = 200 });
        var runProperties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
            runProperties.Append(new Bold());
        runProperties.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size }, new Languages { EastAsia = "zh-CN" });
        return new Paragraph(paragraphProperties, new Run(runProperties, new Text(block.Text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                new FontSize { Val = BodySize }, new FontSizeComplexScript { Val = BodySize }, new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault()));
        styles.Styles.Save();
    }
}
