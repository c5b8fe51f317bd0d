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
/// The whole body is read within each attempt's time limit (see <see cref="CatalogSyncOptions.FetchTimeout"/>);
/// a body that is not JSON by its content type is refused.
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
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    if (body.Length > 0 && !BoundedBodyHandler.IsJson(response.Content.Headers.ContentType))
                    {
                        var type = response.Content.Headers.ContentType?.MediaType;
                        throw new CatalogSourceException(
                            $"{Name} answered {(int)response.StatusCode} with {(type is null ? "no content type" : $"content type {type}")}, not application/json"
                            + " (an error page instead of the catalog?). Check Catalog:WebsiteUrl.")
                        {
                            IsConfigurationError = true,
                        };
                    }

                    return CatalogFetchResult.Document(body, etag);
            }
        }
        catch (HttpRequestException ex)
        {
            var what = ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => $"the host name {CatalogUrl.Host} does not resolve",
                HttpRequestError.ConnectionError => "could not connect",
                HttpRequestError.ResponseEnded => "the connection closed before the whole document arrived",
                _ when ex.GetBaseException() is IOException or System.Net.Sockets.SocketException => "the connection was dropped",
                _ => "the request failed",
            };
            throw new CatalogSourceException($"Could not fetch {Name}: {what} ({ex.GetBaseException().Message}).", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new CatalogSourceException(
                $"Fetching {Name} timed out: no complete document within {ex.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s"
                + " (Catalog:HttpTimeout per attempt, the whole body included; Catalog:MaxRetries retries).", ex);
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
