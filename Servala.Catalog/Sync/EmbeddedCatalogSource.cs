namespace Servala.Catalog.Sync;

/// <summary>The demo catalog shipped inside Servala.Catalog, used when no website URL is configured.</summary>
public sealed class EmbeddedCatalogSource : ICatalogSource
{
    public const string ResourceName = "Servala.Catalog.DemoData.catalog.json";

    public string Name => "embedded:demo";

    public async Task<CatalogFetchResult> FetchAsync(string? ifNoneMatch, CancellationToken cancellationToken)
    {
        await using var stream = typeof(EmbeddedCatalogSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CatalogSourceException($"The embedded resource {ResourceName} is missing from Servala.Catalog.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return CatalogFetchResult.Document(buffer.ToArray(), etag: null);
    }
}
