using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Servala.Catalog.Diagnostics;

namespace Servala.Catalog.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers the catalog sync: <see cref="CatalogSyncOptions"/> bound from <c>Catalog</c> and
    /// validated at start-up, the website HTTP client with a resilience pipeline tuned from those
    /// options, <see cref="CatalogSourceResolver"/>, <see cref="CatalogSyncService"/>, <see cref="SyncHistory"/> and <see cref="PortalMetrics"/> (singletons).
    /// The host must register <c>IDbContextFactory&lt;CatalogDbContext&gt;</c>,
    /// <see cref="Pricing.CatalogSnapshotStore"/> and logging; <see cref="TimeProvider.System"/> is used unless
    /// the host registered another <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddCatalogSync(this IServiceCollection services)
    {
        services.AddOptions<CatalogSyncOptions>()
            .BindConfiguration(CatalogSyncOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The resilience pipeline's attempt timeout bounds each try; HttpClient's own timeout would cut across retries.
        services.AddHttpClient(HttpCatalogSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(BoundedBodyHandler.CreatePrimary)
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) => Tune(resilience, provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value));

        // Inside the resilience handler: each attempt's time limit covers the body, and a body cut short is retried.
        services.AddHttpClient(HttpCatalogSource.HttpClientName)
            .AddHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value;
                return new BoundedBodyHandler(options.MaxDocumentBytes, options.FetchTimeout, provider.GetRequiredService<TimeProvider>());
            });

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PortalMetrics>();
        services.AddSingleton<CatalogSourceResolver>();
        services.AddSingleton<CatalogSyncService>();
        services.AddSingleton<SyncHistory>();
        return services;
    }

    /// <summary>Fits the standard pipeline to one large GET a few times a day.</summary>
    internal static void Tune(HttpStandardResilienceOptions resilience, CatalogSyncOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.HttpTimeout;

        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.MaxRetryAttempts = Math.Max(options.MaxRetries, 1);
        if (options.MaxRetries == 0)
        {
            // Polly needs at least one attempt configured; zero retries means "never handle".
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }

        // The documented bound of the fetch, enforced: every attempt, every backoff and a server's Retry-After
        // all fit inside it. Polly's jittered exponential delays add up to less than RetryBaseDelay × 2^MaxRetries.
        // (The pipeline wants the total strictly above one attempt: with no retries and no delay add a millisecond.)
        resilience.TotalRequestTimeout.Timeout = options.FetchTimeout > options.HttpTimeout ? options.FetchTimeout : options.HttpTimeout + TimeSpan.FromMilliseconds(1);

        // The breaker must sample at least two attempts' worth of time.
        var sampling = options.HttpTimeout * 2 + TimeSpan.FromSeconds(1);
        resilience.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
    }
}
