using System.Globalization;

namespace CaseFlow.Persistence.Reporting;

/// <summary>Text written into a CSV or .xlsx file that a person opens in a spreadsheet program: a cell that would be
/// taken as a formula (it starts with <c>= + - @</c>, a tab or a carriage return) is prefixed with a single quote, so
/// that <c>=HYPERLINK(…)</c> typed into an application arrives as text (OWASP, "CSV Injection"). Plain numbers
/// (<c>-5</c>, <c>+3.5</c>) are not formulas and are left as they are. Every export uses this one helper; every import
/// reverses it with <see cref="Unescape"/>.</summary>
public static class SpreadsheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell) || Array.IndexOf(FormulaStarts, cell[0]) < 0)
            return cell ?? "";
        if (decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            return cell;
        return "'" + cell;
    }

    /// <summary>The text as it was before <see cref="Escape"/>.</summary>
    public static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && Array.IndexOf(FormulaStarts, cell[1]) >= 0 && Escape(cell[1..]) == cell ? cell[1..] : cell;
}
