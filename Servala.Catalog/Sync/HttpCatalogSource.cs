using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Servala.Catalog.Sync;

/// <summary>
/// The website's catalog API: <c>GET {websiteUrl}/api/v1/catalog</c> with Basic auth and
/// <c>If-None-Match</c>. Retries (5xx, 408/429, timeouts, dropped connections, with exponential
/// backoff) come from the resilience handler of the <see cref="HttpClientName"/> client that
/// <see cref="SyncServiceCollectionExtensions.AddCatalogSync"/> registers; 401/403 are never retried.
/// </summary>
public sealed class HttpCatalogSource(HttpClient http, Uri websiteUrl, string? username, string? password) : ICatalogSource
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client carrying the tuned resilience pipeline.</summary>
    public const string HttpClientName = "Servala.CatalogSync";

    public Uri CatalogUrl { get; } = new(websiteUrl.AbsoluteUri.TrimEnd('/') + "/api/v1/catalog");

    /// <summary>The catalog URL as run records, logs and the dashboard show it: without any user:password@ part.</summary>
    public string Name => CatalogUrl.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    /// <exception cref="CatalogSourceException">
    /// 401/403 (<see cref="CatalogSourceException.IsConfigurationError"/>), any other non-success
    /// status, or a timeout / connection failure that outlasted the retries.
    /// </exception>
    public async Task<CatalogFetchResult> FetchAsync(string? ifNoneMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CatalogUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        if (!string.IsNullOrEmpty(ifNoneMatch))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var etag = response.Headers.ETag?.ToString();
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified:
                    return CatalogFetchResult.Unmodified(etag ?? ifNoneMatch);
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    throw new CatalogSourceException(
                        $"{Name} answered {(int)response.StatusCode} {response.ReasonPhrase}: check Catalog:Username and Catalog:Password.")
                    {
                        IsConfigurationError = true,
                    };
                case var status when !response.IsSuccessStatusCode:
                    throw new CatalogSourceException($"{Name} answered {(int)status} {response.ReasonPhrase}.");
                default:
                    return CatalogFetchResult.Document(await response.Content.ReadAsByteArrayAsync(cancellationToken), etag);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new CatalogSourceException($"Could not fetch {Name}: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new CatalogSourceException($"Fetching {Name} timed out: {ex.Message}", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CatalogSourceException($"Fetching {Name} failed too often recently; not trying for now: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CatalogSourceException($"Fetching {Name} timed out.", ex);
        }
    }
}
