using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace CaseFlow.Web.Correspondence;

/// <summary>Why an uploaded document cannot be read: damaged or not what its name says, beyond a reading limit, or
/// not read within the time limit.</summary>
public enum DocumentProblem
{
    None,
    NotTheFormat,
    TooManyEntries,
    ExpandsTooFar,
    TimedOut,
}

/// <summary>Every reading of an uploaded document (checking its structure on upload, reading its text for the privacy
/// and marking scans) goes through here, bounded: a zip package (.docx, .xlsx, .ofd) may hold at most
/// <see cref="MaxEntries"/> entries expanding to at most <see cref="MaxExpandedBytes"/> in all (counted while actually
/// decompressing, not from the sizes the zip declares), a PDF at most <see cref="MaxPdfPages"/> pages, extracted text is
/// cut at <see cref="MaxTextChars"/>, and no reading takes longer than <see cref="TimeLimit"/>.</summary>
/// <remarks>A document over a limit is refused on upload; one already kept (uploaded before these checks) is listed by
/// the letter desk as not screened (未筛查), for a check by hand — never an error page.</remarks>
public static class DocumentReader
{
    public const int MaxEntries = 2_000;
    public const long MaxExpandedBytes = 50L * 1024 * 1024;
    public const int MaxPdfPages = 2_000;
    public const int MaxTextChars = 2_000_000;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    /// <summary>Whether <paramref name="content"/> is a document of the kind its extension says: a .docx an OOXML
    /// package with a main document part, an .xlsx one with a workbook, an .ofd a package with <c>OFD.xml</c>, a .pdf a
    /// PDF that parses with at least one page. Other extensions are not checked here.</summary>
    public static Task<DocumentProblem> CheckAsync(byte[] content, string extension) =>
        BoundedAsync(() => extension.ToLowerInvariant() switch
        {
            ".docx" => CheckPackage(content, _ => IsWord(content)),
            ".xlsx" => CheckPackage(content, _ => OpensAsWorkbook(content)),
            ".ofd" => CheckPackage(content, zip => zip.GetEntry("OFD.xml") is not null),
            ".pdf" => PdfPages(content) > 0 ? DocumentProblem.None : DocumentProblem.NotTheFormat,
            _ => DocumentProblem.None,
        }, DocumentProblem.TimedOut);

    /// <summary>The text of a Word or PDF document for screening, or null when it is not screened: a scan without a text
    /// layer, another type, damaged, over a reading limit or not read in time.</summary>
    public static Task<string?> TextAsync(byte[] content, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return BoundedAsync(() =>
        {
            string? text = extension switch
            {
                ".docx" => CheckPackage(content, _ => true) == DocumentProblem.None ? WordText(content) : null,
                ".pdf" => PdfText.Read(content, MaxPdfPages),
                _ => null,
            };
            return text is { Length: > MaxTextChars } ? text[..MaxTextChars] : text;
        }, null);
    }

    private static async Task<T> BoundedAsync<T>(Func<T> read, T onTimeout)
    {
        try
        {
            return await Task.Run(read).WaitAsync(TimeLimit);
        }
        catch (TimeoutException)
        {
            // The reading goes on in the background until it ends, bounded by the limits above; nobody waits for it.
            return onTimeout;
        }
    }

    /// <summary>Opens the zip and decompresses every entry, counting: refused at the first entry or byte beyond a limit.
    /// Only a package within the limits is then handed to <paramref name="isTheFormat"/> (which opens it again).</summary>
    private static DocumentProblem CheckPackage(byte[] content, Func<ZipArchive, bool> isTheFormat)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
                return DocumentProblem.TooManyEntries;
            var buffer = new byte[81_920];
            long expanded = 0;
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                    if ((expanded += read) > MaxExpandedBytes)
                        return DocumentProblem.ExpandsTooFar;
            }
            return isTheFormat(zip) ? DocumentProblem.None : DocumentProblem.NotTheFormat;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            return DocumentProblem.NotTheFormat;
        }
    }

    private static WordprocessingDocument? OpenWord(byte[] content)
    {
        try
        {
            var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), false,
                new OpenSettings { MaxCharactersInPart = MaxExpandedBytes });
            if (document.MainDocumentPart is { } main && main.ContentType == WordMain && main.Document?.Body is not null)
                return document;
            document.Dispose();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static bool IsWord(byte[] content)
    {
        using var document = OpenWord(content);
        return document is not null;
    }

    private static string? WordText(byte[] content)
    {
        using var document = OpenWord(content);
        return document is null ? null
            : string.Join("\n", document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static bool OpensAsWorkbook(byte[] content)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false,
                new OpenSettings { MaxCharactersInPart = MaxExpandedBytes });
            return document.WorkbookPart?.Workbook is not null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static int PdfPages(byte[] content)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            if (document.NumberOfPages is < 1 or > MaxPdfPages)
                return 0;
            document.GetPage(1);
            return document.NumberOfPages;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
    }
}
