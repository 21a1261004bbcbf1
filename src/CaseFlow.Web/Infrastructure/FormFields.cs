using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CaseFlow.Web.Infrastructure;

/// <summary>A page whose form answers a refused submission field by field (issue 16 item 1): the page is shown again with
/// everything as typed and each message next to its field. Read by <see cref="FormFieldTagHelper"/>.</summary>
public interface IFormErrors
{
    /// <summary>The message for <paramref name="field"/> in the reader's language, or null when the field is fine.</summary>
    string? ErrorFor(string field);

    /// <summary>Which of several forms on the page was sent (a letter's service form, a draft's review form); null when
    /// the page has one form. Only the form sent shows the messages.</summary>
    string? SentForm => null;
}

/// <summary>The refusals of one submission, each with the field it names (messages already in the reader's language).</summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> _errors = [];

    public void Add(string field, string message) => _errors.Add((field, message));

    public string? this[string field] => _errors.FirstOrDefault(e => e.Field == field).Message;

    public bool Any => _errors.Count > 0;

    public IEnumerable<string> Messages => _errors.Select(e => e.Message);
}

/// <summary>One shared way to mark a form control (never a copy per page):
/// <list type="bullet">
/// <item><c>cf-field="name"</c>: when the page (<see cref="IFormErrors"/>) refuses that field, its message is written right
/// after the control as <c>&lt;span class="error" id="err-…" role="alert"&gt;</c>, the control gets
/// <c>aria-invalid="true"</c> and <c>aria-describedby</c> pointing to it (added to any hint already there);
/// <c>cf-form</c> names the form when the page has several.</item>
/// <item><c>cf-required</c>: <c>aria-required="true"</c> and the visible marker (<c>*</c>, hidden from screen readers,
/// which announce "required" instead) before the control. On a group of radio buttons it goes on the
/// <c>fieldset</c> (a <c>radiogroup</c>), whose legend carries <c>&lt;required-mark /&gt;</c>. No native
/// <c>required</c>: the browser's own popup (in the browser's language, gone on the next click) would stop the form
/// before the server's message, in the page's language and next to the field, could be shown.</item>
/// </list>
/// The message is encoded with the app's encoder, which writes Chinese as text, not as entities.</summary>
[HtmlTargetElement("input", Attributes = FieldAttribute)]
[HtmlTargetElement("select", Attributes = FieldAttribute)]
[HtmlTargetElement("textarea", Attributes = FieldAttribute)]
[HtmlTargetElement("fieldset", Attributes = FieldAttribute)]
[HtmlTargetElement("input", Attributes = RequiredAttribute)]
[HtmlTargetElement("select", Attributes = RequiredAttribute)]
[HtmlTargetElement("textarea", Attributes = RequiredAttribute)]
[HtmlTargetElement("fieldset", Attributes = RequiredAttribute)]
public sealed class FormFieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    private const string FieldAttribute = "cf-field";
    private const string RequiredAttribute = "cf-required";

    [HtmlAttributeName(FieldAttribute)] public string? Field { get; set; }
    [HtmlAttributeName("cf-form")] public string? Form { get; set; }

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The id of a field's message, e.g. <c>err-method</c> or, with a form, <c>err-3f2a…-method</c>.</summary>
    public static string ErrorId(string field, string? form) =>
        "err-" + new string(((form is null ? "" : form + "-") + field).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.ContainsName(RequiredAttribute))
        {
            output.Attributes.RemoveAll(RequiredAttribute);
            output.Attributes.SetAttribute("aria-required", "true");
            if (output.TagName == "fieldset")
            {
                if (!output.Attributes.ContainsName("role"))
                    output.Attributes.SetAttribute("role", "radiogroup");
            }
            else
                output.PreElement.AppendHtml(RequiredMarkTagHelper.Mark).AppendHtml(" ");
        }
        if (Field is null || ViewContext.ViewData.Model is not IFormErrors page || (Form is not null && page.SentForm != Form)
            || page.ErrorFor(Field) is not { } message)
            return;
        var id = ErrorId(Field, Form);
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(describedBy) ? id : $"{describedBy} {id}");
        output.Attributes.SetAttribute("aria-invalid", "true");
        var span = $"<span class=\"error\" id=\"{id}\" role=\"alert\">{encoder.Encode(message)}</span>";
        if (output.TagName == "fieldset")
            output.PostContent.AppendHtml(span);
        else
            output.PostElement.AppendHtml(span);
    }
}

/// <summary><c>&lt;required-mark /&gt;</c>: the required marker where it cannot sit before a control (a group's legend).</summary>
[HtmlTargetElement("required-mark", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RequiredMarkTagHelper : TagHelper
{
    public const string Mark = "<span class=\"required\" aria-hidden=\"true\">*</span>";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetHtmlContent(Mark);
    }
}

/// <summary><c>&lt;required-note /&gt;</c>: the one sentence saying what the marker means, above a form with required fields.</summary>
[HtmlTargetElement("required-note", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RequiredNoteTagHelper(Lang lang) : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "muted required-note");
        output.Content.SetContent(lang["带 * 的为必填项。", "Fields marked * are required."]);
    }
}
