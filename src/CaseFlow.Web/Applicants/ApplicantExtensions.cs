namespace CaseFlow.Web.Applicants;

public static class ApplicantExtensions
{
    /// <summary>The applicant's side: the desk behind /Apply, /My and the public API, electronic service, notices (e-mail
    /// through the SMTP channel, SMS through <see cref="ISmsSender"/>, by default the file sink), and the notice sweeper.</summary>
    public static IServiceCollection AddCaseFlowApplicants(this IServiceCollection services)
    {
        services.AddSingleton<ApplicantSettings>();
        services.AddSingleton<IntakeLimits>();
        services.AddScoped<ApplicantDesk>();
        services.AddScoped<ElectronicService>();
        services.AddScoped<ApplicantNotices>();
        services.AddScoped<ApplicantSession>();
        services.AddScoped<ApplicantAccount>();
        if (!services.Any(d => d.ServiceType == typeof(ISmsSender)))
            services.AddSingleton<ISmsSender, FileSmsSender>();
        services.AddHostedService<ApplicantNoticeSweeper>();
        return services;
    }
}
