using System.Globalization;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseFlow.Persistence.Reporting;

/// <summary>The draft annual report document (政府信息公开工作年度报告, Art. 49–50) in the national structure 一 to 六:
/// tables 三 and 四 filled in from the report, section 六 with the fee figures of the year, and the narrative sections
/// (一 总体情况, 二 主动公开, 五 问题及改进, the rest of 六) as headed placeholders for the office to write.</summary>
/// <remarks>Laid out as the letters are (CaseFlow.Web LetterDocx, GB/T 9704-2012): A4, title 宋体 二号 bold, body 仿宋 三号
/// with the East Asian font set explicitly; tables in 仿宋 五号 so that nine columns fit the page.</remarks>
public static class AnnualReportDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string BodyFont = "仿宋";
    public const string TitleFont = "宋体";
    public const string HeadingFont = "黑体";
    private const string BodySize = "32";  // 三号
    private const string TitleSize = "44"; // 二号
    private const string TableSize = "21"; // 五号

    /// <summary>The six section headings of the national structure.</summary>
    public static IReadOnlyList<string> Sections { get; } =
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        NationalLayout.Table3Title,
        NationalLayout.Table4Title,
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ];

    /// <summary>The mark a placeholder paragraph starts with, for the office to find and replace.</summary>
    public const string PlaceholderMark = "【待填写】";

    public static void Write(Stream output, AnnualReport report, ReportFormat format, string agencyName, FeeYearFigures fees)
    {
        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        body.Append(Paragraph($"{agencyName}{report.Year}年政府信息公开工作年度报告", TitleFont, TitleSize, bold: true, JustificationValues.Center, indent: false));
        body.Append(Paragraph("（草稿）", BodyFont, BodySize, bold: false, JustificationValues.Center, indent: false));
        body.Append(Text($"本报告依据《中华人民共和国政府信息公开条例》第五十条编制。{PlaceholderMark}报告期、数据来源及本机关政府信息公开工作的概述。"));

        body.Append(Heading(Sections[0]));
        body.Append(Text($"{PlaceholderMark}主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的总体情况。"));
        body.Append(Heading(Sections[1]));
        body.Append(Text($"{PlaceholderMark}主动公开政府信息情况（第二十条第（一）项、第（五）项、第（六）项、第（八）项，按国家格式列表）。"));

        body.Append(Heading(Sections[2]));
        body.Append(Table3(report, format));
        body.Append(Heading(Sections[3]));
        body.Append(Table4(report.Challenges));

        body.Append(Heading(Sections[4]));
        body.Append(Text($"{PlaceholderMark}本年度存在的主要问题、改进情况及上年度问题的整改情况。"));
        body.Append(Heading(Sections[5]));
        body.Append(Text(FeeSentence(fees)));
        body.Append(Text($"{PlaceholderMark}人大代表建议和政协提案办理结果公开情况、年度工作要点落实情况等其他需要报告的事项。"));

        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1587U, Right = 1474U, Header = 851U, Footer = 992U }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>Section 六's fee sentence (国办函〔2020〕109号: the annual report states the processing fees collected).</summary>
    public static string FeeSentence(FeeYearFigures fees) =>
        fees.ChargedCount == 0 && fees.CollectedCount == 0
            ? $"{fees.Year}年，本机关未发出信息处理费收费通知，未收取信息处理费。"
            : $"{fees.Year}年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知{fees.ChargedCount}件，计收信息处理费{FeeFigures.Yuan(fees.ChargedYuan)}元；" +
              $"实际收取{fees.CollectedCount}件，共{FeeFigures.Yuan(fees.CollectedYuan)}元。";

    private static Table Table3(AnnualReport report, ReportFormat format)
    {
        var table = NewTable(9);
        var organisations = NationalLayout.Table3Columns.Skip(1).Take(5).ToList();
        table.Append(new TableRow(
            Cell(NationalLayout.Table3Corner, span: 2, merge: MergedCellValues.Restart),
            Cell(NationalLayout.Table3Columns[0], merge: MergedCellValues.Restart),
            Cell(NationalLayout.OrganisationGroup, span: 5),
            Cell(NationalLayout.Table3Columns[6], merge: MergedCellValues.Restart)));
        table.Append(new TableRow(
            new[] { Cell("", span: 2, merge: MergedCellValues.Continue), Cell("", merge: MergedCellValues.Continue) }
                .Concat(organisations.Select(o => Cell(o)))
                .Append(Cell("", merge: MergedCellValues.Continue))));
        foreach (var line in NationalLayout.Table3(report, format))
        {
            var cells = new List<TableCell> { Cell(line.Label), Cell(line.Title, left: true) };
            cells.AddRange(line.Counts is { } counts
                ? ApplicantTypes.ReportColumns.Select(t => counts[t]).Append(counts.Total).Select(n => Cell(N(n)))
                : Enumerable.Range(0, 7).Select(_ => Cell("")));
            table.Append(new TableRow(cells));
        }
        return table;
    }

    private static Table Table4(ChallengesTable challenges)
    {
        var cells = NationalLayout.Table4(challenges);
        var table = NewTable(15);
        table.Append(new TableRow(Cell("行政复议", span: 5), Cell("行政诉讼", span: 10)));
        table.Append(new TableRow(cells.Take(5).Select(c => Cell(c.Name, merge: MergedCellValues.Restart))
            .Append(Cell("未经复议直接起诉", span: 5)).Append(Cell("复议后起诉", span: 5))));
        table.Append(new TableRow(Enumerable.Range(0, 5).Select(_ => Cell("", merge: MergedCellValues.Continue))
            .Concat(cells.Skip(5).Select(c => Cell(c.Name)))));
        table.Append(new TableRow(cells.Select(c => Cell(N(c.Value)))));
        return table;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Table NewTable(int columns)
    {
        const int pageWidth = 11906 - 1587 - 1474;
        var border = new Func<BorderType, BorderType>(b => { b.Val = BorderValues.Single; b.Size = 4; return b; });
        return new Table(
            new TableProperties(
                new TableWidth { Width = pageWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableBorders(border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                    border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
                new TableLayout { Type = TableLayoutValues.Autofit }),
            new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = (pageWidth / columns).ToString(CultureInfo.InvariantCulture) })));
    }

    private static TableCell Cell(string text, int span = 1, MergedCellValues? merge = null, bool left = false)
    {
        var properties = new TableCellProperties();
        if (span > 1)
            properties.Append(new GridSpan { Val = span });
        if (merge is { } m)
            properties.Append(new VerticalMerge { Val = m });
        properties.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
        return new TableCell(properties, Paragraph(text, BodyFont, TableSize, bold: false, left ? JustificationValues.Left : JustificationValues.Center, indent: false, line: null));
    }

    private static Paragraph Heading(string text) => Paragraph(text, HeadingFont, BodySize, bold: false, JustificationValues.Left, indent: true);

    private static Paragraph Text(string text) => Paragraph(text, BodyFont, BodySize, bold: false, JustificationValues.Both, indent: true);

    private static Paragraph Paragraph(string text, string font, string size, bool bold, JustificationValues justify, bool indent, string? line = "560")
    {
        var properties = new ParagraphProperties();
        if (line is not null)
            properties.Append(new SpacingBetweenLines { Line = line, LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" });
        properties.Append(new Justification { Val = justify });
        if (indent)
            properties.Append(new Indentation { FirstLineChars = 200 });
        var run = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
            run.Append(new Bold());
        run.Append(new FontSize { Val = size }, new FontSizeComplexScript { Val = size }, new Languages { EastAsia = "zh-CN" });
        return new Paragraph(properties, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
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
