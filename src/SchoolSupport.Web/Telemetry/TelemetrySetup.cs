using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Web.Telemetry;

public static class TelemetrySetup
{
    /// <summary>The standard variable the OpenTelemetry SDKs read; <c>Telemetry:OtlpEndpoint</c> wins over it.</summary>
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const string StandardProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// The product's metrics always; with an OTLP endpoint also the OpenTelemetry SDK: traces of turns (with their
    /// database and connector calls), the metrics and the logs, exported over OTLP. Without one nothing is exported.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.Section))
            .Validate(o => o.OtlpEndpoint is not { Length: > 0 } e || Uri.TryCreate(e, UriKind.Absolute, out _),
                "Telemetry:OtlpEndpoint must be an absolute URL.")
            .Validate(o => ParseProtocol(o.OtlpProtocol) is not null,
                "Telemetry:OtlpProtocol must be grpc or http/protobuf.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<SchoolSupportMetrics>();
        services.AddHostedService<OutboxDepthSampler>();

        var section = configuration.GetSection(TelemetryOptions.Section);
        var endpoint = FirstNonEmpty(section[nameof(TelemetryOptions.OtlpEndpoint)], configuration[StandardEndpointKey]);
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri))
        {
            return services;
        }

        var protocol = ParseProtocol(FirstNonEmpty(section[nameof(TelemetryOptions.OtlpProtocol)], configuration[StandardProtocolKey]))
            ?? OtlpExportProtocol.Grpc;
        var serviceName = FirstNonEmpty(section[nameof(TelemetryOptions.ServiceName)]) ?? new TelemetryOptions().ServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(TurnTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SchoolSupportMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging()
            .UseOtlpExporter(protocol, endpointUri);
        return services;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static OtlpExportProtocol? ParseProtocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
