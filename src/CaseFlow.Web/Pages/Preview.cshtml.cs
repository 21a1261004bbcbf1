using CaseFlow.Domain.Deadlines;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime.Text;

namespace CaseFlow.Web.Pages;

/// <summary>The deadline preview: what the statutory clock says for a receipt date, with its explanation.</summary>
public sealed class PreviewModel(CalendarCatalog calendars, CaseFlow.Web.Infrastructure.Lang lang) : PageModel, CaseFlow.Web.Infrastructure.IFormErrors
{
    public string? Received { get; private set; }
    public string? Corrected { get; private set; }
    public int ExtensionDays { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The field <see cref="Error"/> names.</summary>
    public string? ErrorField { get; private set; }
    public string? ErrorFor(string field) => field == ErrorField ? Error : null;
    public ClockExplanation? Explanation { get; private set; }

    public void OnGet(string? received, string? corrected, int extensionDays = 0)
    {
        (Received, Corrected, ExtensionDays) = (received, corrected, extensionDays);
        if (string.IsNullOrEmpty(received))
            return;
        var receivedOn = LocalDatePattern.Iso.Parse(received);
        var correctedOn = string.IsNullOrEmpty(corrected) ? null : LocalDatePattern.Iso.Parse(corrected);
        if (!receivedOn.Success)
        {
            (ErrorField, Error) = ("received", lang["「收到申请之日」不是有效日期。", "Received on is not a valid date."]);
            return;
        }
        if (correctedOn is { Success: false })
        {
            (ErrorField, Error) = ("corrected", lang["「收到补正申请之日」不是有效日期。", "Corrected on is not a valid date."]);
            return;
        }
        var events = new ClockEvents(receivedOn.Value) { CorrectedOn = correctedOn?.Value, ExtensionWorkingDays = extensionDays };
        var problem = events.Validate().FirstOrDefault();
        if (problem is not null)
        {
            ErrorField = problem.Field switch { "extension-days" => "extensionDays", "corrected" => "corrected", _ => "received" };
            Error = problem.Field switch
            {
                "received" => lang["「收到申请之日」早于条例施行日（2019年5月15日）。", "Received on is before the Regulations took effect (15 May 2019)."],
                "corrected" => lang["「收到补正申请之日」早于收到申请之日。", "Corrected on is before the receipt date."],
                "extension-days" => lang["「延长答复期限」须为0至20个工作日（第三十三条第二款）。", "Extension must be 0–20 working days (Art. 33 ¶2)."],
                _ => problem.Message,
            };
            return;
        }
        var clock = calendars.ClockFor("cn");
        try
        {
            Explanation = clock.Explain(events);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The working calendar counts only the years the State Council has published (and the years before them).
            ErrorField = "received";
            Error = lang[$"「收到申请之日」超出工作日历可计算的年份（{clock.Calendar.FirstYear}–{clock.Calendar.LastYear}年），无法计算期限。",
                $"Received on is outside the years the working calendar can count ({clock.Calendar.FirstYear}–{clock.Calendar.LastYear})."];
        }
    }
}
