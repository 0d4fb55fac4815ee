using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ServiceTracking.Client;

/// <summary>Registers <see cref="ServiceTrackingClient"/> as a typed HttpClient.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ServiceTrackingClient"/> (one per scope, over the HttpClient factory) configured by <paramref name="configure"/>;
    /// returns the HttpClient builder for handlers, resilience and the like.
    /// </summary>
    public static IHttpClientBuilder AddServiceTrackingClient(this IServiceCollection services, Action<ServiceTrackingClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure(configure);
        var builder = services.AddHttpClient(nameof(ServiceTrackingClient));
        builder.AddTypedClient((http, sp) => new ServiceTrackingClient(http, sp.GetRequiredService<IOptions<ServiceTrackingClientOptions>>().Value));
        return builder;
    }
}
