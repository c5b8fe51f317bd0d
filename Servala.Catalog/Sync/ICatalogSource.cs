namespace Servala.Catalog.Sync;

/// <summary>
/// Where a catalog document comes from: the website's API, a file, or the embedded demo
/// catalog. <see cref="CatalogSourceResolver"/> picks one from the configured location.
/// </summary>
public interface ICatalogSource
{
    /// <summary>
    /// A stable description of the location (e.g. <c>https://servala.example/api/v1/catalog</c>,
    /// <c>file:/data/catalog.json</c>, <c>embedded:demo</c>); sync runs are recorded under it
    /// and the ETag of the last successful run from the same source is sent again.
    /// </summary>
    string Name { get; }

    /// <summary>Fetches the document.</summary>
    /// <param name="ifNoneMatch">ETag of the last successful run from this source; sources without ETags ignore it.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <exception cref="CatalogSourceException">The document could not be fetched (after any retries).</exception>
    Task<CatalogFetchResult> FetchAsync(string? ifNoneMatch, CancellationToken cancellationToken);
}

/// <summary>What a source returned: a document (with its ETag, if any) or "not modified".</summary>
public sealed record CatalogFetchResult(bool NotModified, byte[]? Content, string? ETag)
{
    public static CatalogFetchResult Document(byte[] content, string? etag) => new(false, content, etag);

    public static CatalogFetchResult Unmodified(string? etag) => new(true, null, etag);
}

/// <summary>The catalog document could not be fetched.</summary>
public sealed class CatalogSourceException : Exception
{
    public CatalogSourceException()
    {
    }

    public CatalogSourceException(string message)
        : base(message)
    {
    }

    public CatalogSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when retrying cannot help until a setting changes (credentials rejected with
    /// 401/403, an unsupported location); false for transient failures that outlasted the retries.
    /// </summary>
    public bool IsConfigurationError { get; init; }
}
