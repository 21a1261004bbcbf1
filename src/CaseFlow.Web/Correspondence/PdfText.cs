using UglyToad.PdfPig;

namespace CaseFlow.Web.Correspondence;

/// <summary>The text layer of a PDF attachment, for the privacy check (PdfPig). Words are separated by spaces and pages
/// by line breaks, so that two numbers printed side by side are never read as one.</summary>
public static class PdfText
{
    /// <summary>The text, or null when the file has no text layer (a scan), cannot be read (damaged, encrypted, not a
    /// PDF) or has more than <paramref name="maxPages"/> pages: such a file is listed as not screened, for the
    /// caseworker to check by hand. Uploaded files are read through <see cref="DocumentReader"/>, which also limits the
    /// time.</summary>
    public static string? Read(byte[] content, int maxPages = DocumentReader.MaxPdfPages)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            if (document.NumberOfPages > maxPages)
                return null;
            var pages = document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))).ToList();
            return pages.Any(p => !string.IsNullOrWhiteSpace(p)) ? string.Join("\n", pages) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig throws more than its own exception types on a damaged file (index, null reference, format).
            return null;
        }
    }
}
