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

/// <summary>Binds strings and whole numbers (days, pages, years) as the framework does,
/// reading the typed text normalised (<see cref="InputText"/>) first: ２０ days are 20 days, on every page, with no page
/// parsing them twice. Values bound from headers, the body or services are left to their own binders.</summary>
public sealed class NormalisingStringBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type != typeof(string) && type != typeof(int) && type != typeof(long))
            return null;
        if (context.BindingInfo.BindingSource is { } source && source != BindingSource.Form && source != BindingSource.Query
            && source != BindingSource.Path && source != BindingSource.ModelBinding)
            return null;
        return new Binder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()));
    }

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var original = bindingContext.ValueProvider;
            bindingContext.ValueProvider = new NormalisingValueProvider(original);
            try
            {
                await inner.BindModelAsync(bindingContext);
            }
            finally
            {
                bindingContext.ValueProvider = original;
            }
        }
    }

    private sealed class NormalisingValueProvider(IValueProvider inner) : IValueProvider
    {
        public bool ContainsPrefix(string prefix) => inner.ContainsPrefix(prefix);

        public ValueProviderResult GetValue(string key)
        {
            var result = inner.GetValue(key);
            return result == ValueProviderResult.None
                ? result
                : new ValueProviderResult(new Microsoft.Extensions.Primitives.StringValues(result.Values.Select(InputText.Normalise).ToArray()), result.Culture);
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
