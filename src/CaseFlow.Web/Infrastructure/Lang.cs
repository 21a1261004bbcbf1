using System.Globalization;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Web.Infrastructure;

/// <summary>The reader's language: Simplified Chinese by default, English when chosen (cookie <c>caseflow-lang</c>).
/// Every text is written in both languages where it is used, so a page reads whole in either.</summary>
public sealed class Lang(IHttpContextAccessor accessor)
{
    public const string Cookie = "caseflow-lang";

    /// <summary>Chinese whatever the reader chose: files whose headers are Chinese (the 督办 export) say their values in Chinese too.</summary>
    public static Lang Chinese { get; } = new(new NoReader());

    private sealed class NoReader : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get => null; set { } }
    }

    public bool English => accessor.HttpContext?.Request.Cookies[Cookie] == "en";

    public string Code => English ? "en" : "zh-CN";

    public string this[string zh, string en] => English ? en : zh;

    /// <summary>2024年10月30日（星期三） or Wed 30 Oct 2024.</summary>
    public string Date(LocalDate date) => English ? date.ToString("ddd d MMM uuuu", CultureInfo.InvariantCulture) : ChineseDates.Format(date);

    public string Date(LocalDate? date) => date is { } d ? Date(d) : "—";

    /// <summary>How long something has waited: 2天5小时 or 2 d 5 h.</summary>
    public string Waited(Duration waited) =>
        English ? $"{(int)waited.TotalDays} d {waited.Hours} h" : $"{(int)waited.TotalDays}天{waited.Hours}小时";

    public string Moment(Instant instant) =>
        instant.InZone(ChinaTime.Zone).ToString(English ? "uuuu-MM-dd HH:mm" : "uuuu年M月d日 HH:mm", CultureInfo.InvariantCulture);
}
