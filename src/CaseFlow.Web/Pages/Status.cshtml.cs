using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;

namespace CaseFlow.Web.Pages;

/// <summary>查询办理进度: an applicant gives the tracking number and the last four digits of their phone number and
/// sees the state and the due date — nothing else. Rate-limited per address; "not found" never says which part failed.</summary>
[EnableRateLimiting(SecurityExtensions.PublicLimit)]
public sealed class StatusModel(Database database, Lang lang) : PageModel
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? PhoneLastFour { get; set; }

    /// <summary>Not found: never says which of the two did not match.</summary>
    public string? Error { get; private set; }
    public string? TrackingNumberError { get; private set; }
    public string? PhoneError { get; private set; }
    public (string Agency, string State, LocalDate? ReplyDueOn, LocalDate? ClosedOn)? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var number = TrackingNumber?.Trim() ?? "";
        var lastFour = PhoneLastFour?.Trim() ?? "";
        if (number.Length is 0 or > 32)
            TrackingNumberError = lang["请填写「受理编号」。", "Enter the tracking number."];
        if (lastFour.Length != 4 || !lastFour.All(char.IsAsciiDigit))
            PhoneError = lang["「手机号后四位」须为4位数字。", "The last four digits of the phone must be 4 digits."];
        if (TrackingNumberError is not null || PhoneError is not null)
            return Page();
        await using var connection = await database.OpenAsync();
        foreach (var (_, agencyCode, data) in await RequestList.ByTrackingNumberAsync(connection, number))
        {
            var state = SagaJson.Deserialize(data);
            var digits = new string(state.Applicant.Phone.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= 4 && digits[^4..] == lastFour)
            {
                var agency = await Agencies.FindAsync(connection, agencyCode);
                Found = (agency?.Name ?? agencyCode, state.CurrentState, state.ReplyDueOn, state.ClosedOn);
                return Page();
            }
        }
        Error = lang["未找到与受理编号和手机号后四位相符的申请。", "No request matches that tracking number and phone."];
        return Page();
    }
}
