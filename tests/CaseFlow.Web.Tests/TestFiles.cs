using System.IO.Compression;
using CaseFlow.Web.Correspondence;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CaseFlow.Web.Tests;

/// <summary>Real documents for upload tests (uploads are checked by structure: a fake header is refused).</summary>
public static class TestFiles
{
    /// <summary>A real one-page PDF with one line of text (Helvetica, ASCII).</summary>
    public static byte[] Pdf(string text = "test")
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText(text, 11, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    /// <summary>A real Word document.</summary>
    public static byte[] Docx(string text = "# 测试\n正文。\n") => LetterDocx.Write(text);

    /// <summary>A zip holding the given entries, each of <paramref name="size"/> zero bytes (which deflate ~1000:1).</summary>
    public static byte[] Zip(long size, params string[] names)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in names)
                WriteZeros(zip.CreateEntry(name, CompressionLevel.SmallestSize), size);
        return stream.ToArray();
    }

    /// <summary>A valid Word document with one more part of <paramref name="expandedBytes"/> zero bytes: small as a file,
    /// huge when read (a decompression bomb).</summary>
    public static byte[] DocxBomb(long expandedBytes)
    {
        using var stream = new MemoryStream();
        stream.Write(Docx());
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            WriteZeros(zip.CreateEntry("word/media/padding.bin", CompressionLevel.SmallestSize), expandedBytes);
        return stream.ToArray();
    }

    private static void WriteZeros(ZipArchiveEntry entry, long size)
    {
        using var output = entry.Open();
        var block = new byte[1024 * 1024];
        for (long written = 0; written < size; written += block.Length)
            output.Write(block, 0, (int)Math.Min(block.Length, size - written));
    }
}
