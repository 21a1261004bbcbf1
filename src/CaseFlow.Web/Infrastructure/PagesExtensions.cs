using System.Text.Encodings.Web;
using System.Text.Unicode;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.WebEncoders;

namespace CaseFlow.Web.Infrastructure;

public static class PagesExtensions
{
    /// <summary>Razor Pages with each folder's authorisation declared here, in one place.</summary>
    public static IServiceCollection AddCaseFlowPages(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Lang>();
        services.AddScoped<People>();
        services.AddScoped<Requests.RequestReader>();
        services.AddScoped<Requests.RequestBatch>();
        Correspondence.CorrespondenceExtensions.AddCaseFlowCorrespondence(services);
        services.AddScoped<Consultations.ConsultationReader>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(NormalisingStringBinderProvider.AddTo);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Requests", Policies.Casework);
            o.Conventions.AuthorizePage("/Workbench", Policies.Casework);
            o.Conventions.AuthorizeFolder("/RecordCorrections", Policies.Casework);
            o.Conventions.AuthorizeFolder("/Admin", Policies.Administration);
            o.Conventions.AuthorizeFolder("/Consultations", Policies.Advice);
            // 预警 is read by caseworkers too (issue 17 item 4: they mark for proactive disclosure from a group alert); every
            // other supervision page is the supervisor's.
            o.Conventions.AddFolderApplicationModelConvention("/Supervision", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(
                m.ViewEnginePath == "/Supervision/Warnings" ? Policies.Casework : Policies.Supervision)));
            o.Conventions.AuthorizePage("/Reminders", Policies.Casework);
            o.Conventions.AuthorizePage("/Reviews", Policies.Review);
            o.Conventions.AuthorizePage("/Settings", Policies.AgencySettings);
            o.Conventions.AuthorizePage("/Index");
            o.Conventions.AuthorizePage("/Notifications");
            o.Conventions.AuthorizePage("/Account/Logout");
            o.Conventions.AuthorizePage("/Account/Password");
            o.Conventions.AuthorizePage("/Account/Denied");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Status");
            o.Conventions.AllowAnonymousToPage("/Apply");
            o.Conventions.AllowAnonymousToPage("/My");
            o.Conventions.AllowAnonymousToPage("/Preview");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        // Chinese text is written as text, not as &#x...; entities (still HTML-encoded where it matters).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o => o.Cookie.Name = "caseflow-csrf");
        return services;
    }

    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the checks tagged <c>ready</c> (database, broker).</summary>
    public static IEndpointRouteBuilder MapCaseFlowHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}

/// <summary>Error statuses without a body: the API answers ProblemDetails, pages a short message in the reader's language.</summary>
public static class StatusPages
{
    public static async Task Handle(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: status).ExecuteAsync(http);
            return;
        }
        var lang = http.RequestServices.GetRequiredService<Lang>();
        var message = status switch
        {
            404 => lang["页面或申请不存在，或您无权查看。", "Not found, or not yours to see."],
            429 => lang["请求过于频繁，请稍后再试。", "Too many requests; try again later."],
            _ => lang["请求未能完成。", "The request could not be completed."],
        };
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"<!doctype html><html lang=\"{lang.Code}\"><meta charset=\"utf-8\"><title>{status}</title><p>{status} — {HtmlEncoder.Default.Encode(message)}</p><p><a href=\"/\">CaseFlow</a></p></html>");
    }
}
