using System.ComponentModel.DataAnnotations;

namespace SchoolSupport.Web.Telemetry;

/// <summary>
/// Where traces, metrics and logs go. Without an OTLP endpoint (here or in the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) the OpenTelemetry SDK is not started and nothing leaves the process; the
/// metrics still exist for local tools such as <c>dotnet-counters</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Base URL of an OTLP collector, for example <c>http://otel-collector:4317</c> (gRPC) or <c>:4318</c> (HTTP).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the OpenTelemetry default) or <c>http/protobuf</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    [Required]
    public string ServiceName { get; set; } = "schoolsupport";

    /// <summary>How often the outbox queue depth is counted for its gauge.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);
}
