using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Requests;

/// <summary>登记 (Art. 29, 31): the application as received, with its receipt evidence and scans.</summary>
public sealed class RegisterModel(RequestCommands commands, RequestReader reader, Database database, IClock clock, Lang lang, IConfiguration configuration) : PageModel
{
    /// <summary>How far back the duplicate warning looks, and how alike two descriptions must be.</summary>
    public static readonly Duration DuplicateWindow = Duration.FromDays(90);
    public const double DuplicateSimilarity = 0.5;

    [BindProperty] public RegistrationInput Input { get; set; } = new();
    [BindProperty] public bool ConfirmDuplicate { get; set; }
    [BindProperty] public IFormFile? IdentityProof { get; set; }
    [BindProperty] public IFormFile? ApplicationScan { get; set; }

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public IReadOnlyList<(string Id, string TrackingNumber, string Description)> Duplicates { get; private set; } = [];
    public string? Refusal { get; private set; }
    public LocalDate Today => reader.Today;
    /// <summary>The agency's people who may handle the request (承办人 picker).</summary>
    public IReadOnlyList<UserAccount> Handlers { get; private set; } = [];

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public async Task OnGetAsync()
    {
        Handlers = await People.HandlersOfAsync(database, User.AgencyCode());
        Input.Handler = Handlers.Any(u => u.UserName == User.Actor()) ? User.Actor() : null;
        Input.ReceivedOn = RequestActions.Iso(Today);
        Input.Channel = "InPerson";
        Input.FormOfProvision = "Paper";
        Input.ApplicantType = "NaturalPerson";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = Input.Validate(Today).ToList();
        Handlers = await People.HandlersOfAsync(database, User.AgencyCode());
        var handlerNames = Handlers.Select(u => u.UserName).ToList();
        if (Input.HandlerError(handlerNames) is { } handlerError)
            errors.Add(handlerError);
        var id = Guid.NewGuid();
        var now = clock.GetCurrentInstant();
        var maxBytes = configuration.GetValue<long?>("Attachments:MaxBytes") ?? Uploads.DefaultMaxBytes;
        var files = new List<(AttachmentInfo Info, byte[] Content)>();
        foreach (var (file, kind, field) in new[] { (IdentityProof, "identity-proof", "identityProof"), (ApplicationScan, "application", "applicationScan") })
        {
            if (file is null)
                continue;
            var (info, content, error) = await Uploads.ReadAsync(file, kind, id, User.Actor(), now, maxBytes, field);
            if (error is not null)
                errors.Add(error);
            else
                files.Add((info!, content!));
        }
        Errors = errors;
        if (errors.Count > 0)
            return Page();

        await using var connection = await database.OpenAsync();
        if (!ConfirmDuplicate)
        {
            Duplicates = (await RequestList.RecentByApplicantAsync(connection, User.AgencyCode(), Input.ApplicantName!.Trim(), now - DuplicateWindow))
                .Where(d => Similarity.Of(d.Description, Input.Description!) >= DuplicateSimilarity).ToList();
            if (Duplicates.Count > 0)
                return Page();
        }
        var result = await commands.SendAsync(Input.ToCommand(id, User.Actor(), User.AgencyCode(), handlerNames));
        if (!result.Accepted)
        {
            Refusal = lang[result.Reason ?? "", result.ReasonEn ?? ""];
            return Page();
        }
        foreach (var (info, content) in files)
            await Attachments.InsertAsync(connection, info, content);
        return Redirect($"/Requests/Details/{id}");
    }
}
