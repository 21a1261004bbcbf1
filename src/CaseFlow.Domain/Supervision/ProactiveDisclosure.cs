using NodaTime;

namespace CaseFlow.Domain.Supervision;

/// <summary>Why a proactive-disclosure mark or its publication may not be recorded, naming the field.</summary>
public sealed record DisclosureRefusal(string Field, string Zh, string En);

/// <summary>Art. 44: when several applicants ask the same agency for the same disclosable information, the agency may move
/// it into proactive disclosure. The office marks it from a group alert (<see cref="WarningKind.SimilarRequests"/>) and
/// records when and where it published it; the replies to the group then tell where it is (Art. 36(一)).</summary>
public static class ProactiveDisclosureRule
{
    public const int MaxSubjectLength = 1000;
    public const int MaxUrlLength = 1000;

    public static DisclosureRefusal? RefuseMark(string? subject, int requests)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Trim().Length > MaxSubjectLength)
            return new("subject", $"请写明拟主动公开的政府信息（不超过{MaxSubjectLength}个字）。", $"Describe the information (at most {MaxSubjectLength} characters).");
        if (requests < 1)
            return new("requests", "须从群体性申请预警中选择至少一件申请（第四十四条）。", "Choose at least one request of the group alert (Art. 44).");
        return null;
    }

    /// <summary>The publication: a date from the day it was marked up to today, and the address where the public finds it
    /// (an absolute http or https URL).</summary>
    public static DisclosureRefusal? RefusePublication(LocalDate? publishedOn, string? url, LocalDate markedOn, LocalDate today)
    {
        if (publishedOn is not { } on)
            return new("publishedOn", "公开日期格式应为 YYYY-MM-DD。", "The publication date must be YYYY-MM-DD.");
        if (on > today)
            return new("publishedOn", "公开日期不能晚于今天。", "The publication date cannot be after today.");
        if (on < markedOn)
            return new("publishedOn", "公开日期不能早于纳入主动公开范围的日期。", "The publication date cannot be before the information was marked.");
        if (string.IsNullOrWhiteSpace(url) || url.Trim().Length > MaxUrlLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return new("url", $"请填写公开的网址（以 http:// 或 https:// 开头，不超过{MaxUrlLength}个字符）。",
                $"Give the address where it is published (http:// or https://, at most {MaxUrlLength} characters).");
        return null;
    }

    /// <summary>Where a 101 reply (已主动公开, Art. 36(一)) tells the applicant to find the information.</summary>
    public static string WhereZh(LocalDate publishedOn, string url) =>
        $"本机关已于{publishedOn.Year}年{publishedOn.Month}月{publishedOn.Day}日主动公开，可通过以下网址查阅：{url.Trim()}";
}
