using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton<IClock>(SystemClock.Instance);
builder.Services.AddSingleton(_ => WorkingCalendar.Load(
    builder.Configuration["Calendars:Directory"] ?? CalendarDirectory.Locate(),
    builder.Configuration["Calendars:National"] ?? "cn"));
builder.Services.AddSingleton(sp => new StatutoryClock(sp.GetRequiredService<WorkingCalendar>()));
builder.Services.AddRazorPages();
// Chinese text is written as text, not as &#x...; entities (still HTML-encoded where it matters).
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddHealthChecks();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/Error");
app.UseStaticFiles();
app.UseRouting();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapRazorPages();
app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
