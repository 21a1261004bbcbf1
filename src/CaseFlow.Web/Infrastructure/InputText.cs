using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace CaseFlow.Web.Infrastructure;

/// <summary>What a Chinese IME types is what the user meant: full-width digits (５６７８) are digits and the ideographic
/// space is a space. Applied to every string a form binds (<see cref="NormalisingStringBinderProvider"/>) and every
/// string the API reads from JSON (<see cref="NormalisingStringConverter"/>), so no form parses them twice.</summary>
public static class InputText
{
    public static string? Normalise(string? value)
    {
        if (value is null || !value.Any(NeedsNormalising))
            return value;
        return string.Create(value.Length, value, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = c switch
                {
                    >= '\uFF10' and <= '\uFF19' => (char)('0' + (c - '\uFF10')),
                    '\u3000' or '\u00A0' => ' ',
                    _ => c,
                };
            }
        });
    }

    private static bool NeedsNormalising(char c) => c is >= '\uFF10' and <= '\uFF19' or '\u3000' or '\u00A0';
}

/// <summary>Binds strings as the framework does, then normalises them (<see cref="InputText"/>).</summary>
public sealed class NormalisingStringBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new Binder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result is { IsModelSet: true, Model: string text })
                bindingContext.Result = ModelBindingResult.Success(InputText.Normalise(text));
        }
    }

    public static void AddTo(MvcOptions options) => options.ModelBinderProviders.Insert(0, new NormalisingStringBinderProvider());
}

/// <summary>The API's JSON strings, normalised as the forms' are.</summary>
public sealed class NormalisingStringConverter : System.Text.Json.Serialization.JsonConverter<string>
{
    public override string? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        InputText.Normalise(reader.GetString());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
