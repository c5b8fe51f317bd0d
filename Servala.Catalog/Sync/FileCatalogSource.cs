namespace Servala.Catalog.Sync;

/// <summary>A catalog document on disk (<c>file:</c> locations and plain paths). Files carry no ETag.</summary>
public sealed class FileCatalogSource(string path, long maxDocumentBytes = long.MaxValue) : ICatalogSource
{
    public string FullPath { get; } = System.IO.Path.GetFullPath(path);

    public string Name => "file:" + FullPath;

    public async Task<CatalogFetchResult> FetchAsync(string? ifNoneMatch, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(FullPath).Length;
            if (length > maxDocumentBytes)
            {
                throw new CatalogSourceException(
                    $"The catalog file {FullPath} has {length} bytes, more than Catalog:MaxDocumentBytes ({maxDocumentBytes}); it was not read.")
                {
                    IsConfigurationError = true,
                };
            }

            return CatalogFetchResult.Document(await File.ReadAllBytesAsync(FullPath, cancellationToken), etag: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CatalogSourceException($"Cannot read the catalog file {FullPath}: {ex.Message}", ex)
            {
                IsConfigurationError = ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException,
            };
        }
    }
}
