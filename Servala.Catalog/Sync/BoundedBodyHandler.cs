using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Servala.Catalog.Sync;

/// <summary>
/// Reads the whole response body inside the resilience pipeline, so that each attempt's time limit
/// (and the fetch's total limit) covers the body as well as the headers: a website that sends its
/// headers and then stalls or trickles is cut off like one that never answers. A body that ends
/// early counts as a dropped connection (retried); one larger than <c>Catalog:MaxDocumentBytes</c>
/// is refused as soon as that is known, without reading the rest. A <c>Retry-After</c> longer than the whole
/// fetch may take ends the fetch at once, saying so, instead of waiting into a timeout.
/// </summary>
internal sealed class BoundedBodyHandler(long maxDocumentBytes, TimeSpan fetchTimeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (RetryAfter(response) is { } wait && wait > fetchTimeout)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new CatalogSourceException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{request.RequestUri} answered {status} and asks to retry after {wait.TotalSeconds:0} s, longer than the whole fetch may take ({fetchTimeout.TotalSeconds:0.###} s); not waiting. The next scheduled sync tries again."));
            }

            return response;
        }

        try
        {
            if (response.Content.Headers.ContentLength is { } declared && declared > maxDocumentBytes)
            {
                throw TooLarge(request, $"declares {declared} bytes");
            }

            var body = await ReadBoundedAsync(request, response.Content, cancellationToken);
            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                // Decompression already happened below this handler, so the byte count is no longer what was sent.
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpRequestMessage request, HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxDocumentBytes)
                {
                    throw TooLarge(request, "is larger");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new CatalogSourceException(
                $"The document from {request.RequestUri} could not be decompressed (its Content-Encoding does not match its bytes): {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            // A connection closed half-way: the same kind of failure as a dropped connection, so retried like one.
            throw new HttpRequestException(
                HttpRequestError.ResponseEnded, ex.Message, ex);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private CatalogSourceException TooLarge(HttpRequestMessage request, string what) =>
        new($"The document from {request.RequestUri} {what} than Catalog:MaxDocumentBytes ({maxDocumentBytes} bytes); it was not read.")
        {
            IsConfigurationError = true,
        };

    /// <summary>The primary handler: transparent gzip/deflate/brotli (the size limit applies to what they expand to).</summary>
    public static HttpMessageHandler CreatePrimary() => new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
    };

    internal static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
