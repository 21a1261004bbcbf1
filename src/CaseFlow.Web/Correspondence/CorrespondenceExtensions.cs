namespace CaseFlow.Web.Correspondence;

public static class CorrespondenceExtensions
{
    /// <summary>The letter templates (parsed once), the letter desk and the case file export.</summary>
    public static IServiceCollection AddCaseFlowCorrespondence(this IServiceCollection services)
    {
        services.AddSingleton<LetterTemplates>();
        services.AddScoped<LetterDesk>();
        services.AddScoped<RecordCorrections.RecordCorrectionDesk>();
        services.AddScoped<Supervision.ProactiveDisclosureDesk>();
        services.AddScoped<ReviewDesk>();
        services.AddSingleton<Notices>();
        services.AddScoped<CaseFile>();
        return services;
    }
}
