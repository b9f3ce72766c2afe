using System.ComponentModel.DataAnnotations;

namespace SchoolSupport.Conversation;

/// <summary>
/// <c>Understanding:Llm</c>: an optional OpenAI-compatible chat endpoint asked only when the rules are not sure what a
/// message means. Off unless configured; only the message text and the prompt built from the command declarations
/// are ever sent.
/// </summary>
public sealed class LanguageModelOptions : IValidatableObject
{
    public const string Section = "Understanding:Llm";

    /// <summary>The service key of the <c>IChatClient</c> the resolver uses, so another chat client in the host is never picked up.</summary>
    public const string ClientKey = "understanding";

    public bool Enabled { get; set; }

    /// <summary>Base address of the OpenAI-compatible API, up to and including <c>/v1</c> (<c>http://llm.internal:8000/v1</c>).</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Sent as a bearer token; many self-hosted servers need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long a person waits at most before the rules answer instead.</summary>
    [Range(0.1, 30)]
    public double TimeoutSeconds { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Understanding:Llm:Endpoint must be an absolute http(s) address when the language model is enabled.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult("Understanding:Llm:Model is required when the language model is enabled.", [nameof(Model)]);
        }
    }
}
