using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
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

/// <summary>登记 (Art. 29, 31): the application as received, with its receipt evidence and scans. Files chosen are checked
/// and kept server-side under the form's token (the pending-upload store the applicant's form uses) until the registration
/// is completed — then they become the request's attachments — or abandoned: kept files expire after
/// <see cref="KeptFilesExpireAfter"/>. A form that comes back with an error keeps them, so nothing is chosen twice.</summary>
public sealed class RegisterModel(RequestCommands commands, RequestReader reader, Database database, IClock clock, Lang lang, IConfiguration configuration) : PageModel, IFormErrors
{
    /// <summary>How far back the duplicate warning looks, and how alike two descriptions must be.</summary>
    public static readonly Duration DuplicateWindow = Duration.FromDays(90);
    public const double DuplicateSimilarity = 0.5;

    [BindProperty] public RegistrationInput Input { get; set; } = new();
    [BindProperty] public bool ConfirmDuplicate { get; set; }
    [BindProperty] public IFormFile? IdentityProof { get; set; }
    [BindProperty] public IFormFile? ApplicationScan { get; set; }
    /// <summary>The form's token: the key of the files kept while the form is not yet registered.</summary>
    [BindProperty] public string? FormToken { get; set; }
    /// <summary>Kept files the user took off the form.</summary>
    [BindProperty] public List<string> RemoveKept { get; set; } = [];
    public IReadOnlyList<PendingUpload> Kept { get; private set; } = [];

    public static readonly Duration KeptFilesExpireAfter = Duration.FromHours(24);

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public IReadOnlyList<(string Id, string TrackingNumber, string Description)> Duplicates { get; private set; } = [];
    public string? Refusal { get; private set; }
    public LocalDate Today => reader.Today;
    /// <summary>The agency's people who may handle the request (承办人 picker).</summary>
    public IReadOnlyList<UserAccount> Handlers { get; private set; } = [];

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? lang[e.Zh, e.En] : null;

    public async Task OnGetAsync()
    {
        FormToken = Applicants.ApplicantDesk.NewToken();
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
        if (!Applicants.ApplicantDesk.IsToken(FormToken))
            FormToken = Applicants.ApplicantDesk.NewToken();
        await using var connection = await database.OpenAsync();
        // Forms never completed: their files go after a day.
        await ApplicantStore.PruneUploadsAsync(connection, now - KeptFilesExpireAfter);
        foreach (var removed in RemoveKept)
            await ApplicantStore.DeleteUploadAsync(connection, FormToken!, removed);
        foreach (var (file, kind, field) in new[] { (IdentityProof, "identity-proof", "identityProof"), (ApplicationScan, "application", "applicationScan") })
        {
            if (file is null)
                continue;
            var (info, content, error) = await Uploads.ReadAsync(file, kind, id, User.Actor(), now, maxBytes, field);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }
            // A file chosen again for the same place replaces the one kept there.
            foreach (var earlier in (await ApplicantStore.UploadsAsync(connection, FormToken!)).Where(k => k.Kind == kind))
                await ApplicantStore.DeleteUploadAsync(connection, FormToken!, earlier.Id);
            await ApplicantStore.InsertUploadAsync(connection, new PendingUpload
            {
                Id = info!.Id, Token = FormToken!, Kind = kind, FileName = info.FileName, ContentType = info.ContentType, SizeBytes = info.SizeBytes,
                Sha256 = info.Sha256, UploadedAt = info.UploadedAt,
            }, content!);
        }
        Kept = await ApplicantStore.UploadsAsync(connection, FormToken!);
        Errors = errors;
        if (errors.Count > 0)
            return Page();

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
        // Registered: the kept files become the request's attachments and leave the pending store, together.
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            foreach (var kept in Kept)
            {
                var content = await ApplicantStore.UploadContentAsync(connection, kept.Id, transaction);
                await Attachments.InsertAsync(connection, new AttachmentInfo
                {
                    Id = kept.Id, RequestId = id.ToString(), Kind = kept.Kind, FileName = kept.FileName, ContentType = kept.ContentType,
                    SizeBytes = kept.SizeBytes, Sha256 = kept.Sha256, UploadedBy = User.Actor(), UploadedAt = kept.UploadedAt,
                }, content!, transaction);
            }
            await ApplicantStore.DeleteUploadsAsync(connection, FormToken!, transaction);
            await transaction.CommitAsync();
        }
        return Redirect($"/Requests/Details/{id}");
    }
}
