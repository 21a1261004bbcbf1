using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace CaseFlow.Web.Correspondence;

/// <summary>The text layer of a PDF attachment, for the privacy check (PdfPig). Words are separated by spaces and pages
/// by line breaks, so that two numbers printed side by side are never read as one.</summary>
public static class PdfText
{
    /// <summary>The text, or null when the file has no text layer (a scan) or cannot be read (damaged, encrypted): such a
    /// file is listed as not screened, for the caseworker to check by hand.</summary>
    public static string? Read(byte[] content)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            var pages = document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))).ToList();
            return pages.Any(p => !string.IsNullOrWhiteSpace(p)) ? string.Join("\n", pages) : null;
        }
        catch (Exception e) when (e is PdfDocumentFormatException or PdfDocumentEncryptedException)
        {
            return null;
        }
    }
}
