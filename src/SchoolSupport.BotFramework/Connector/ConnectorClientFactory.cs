using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolSupport.BotFramework.Authentication;

namespace SchoolSupport.BotFramework.Connector;

public interface IConnectorClientFactory
{
    ConnectorClient Create(string serviceUrl);
}

public sealed class ConnectorClientFactory(
    IHttpClientFactory httpClientFactory,
    IBotTokenProvider tokenProvider,
    TrustedServiceUrls trustedServiceUrls,
    BotFrameworkOptions options,
    ILoggerFactory? loggerFactory = null,
    TimeProvider? timeProvider = null) : IConnectorClientFactory
{
    public const string HttpClientName = "BotFramework.Connector";

    public ConnectorClient Create(string serviceUrl) => new(
        httpClientFactory.CreateClient(HttpClientName),
        serviceUrl,
        tokenProvider,
        trustedServiceUrls,
        options.Connector,
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ConnectorClient>(),
        timeProvider);
}
