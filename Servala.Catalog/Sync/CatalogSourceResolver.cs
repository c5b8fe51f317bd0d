using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Servala.Catalog.Sync;

/// <summary>
/// Picks the <see cref="ICatalogSource"/> for a location string: null or empty → the embedded
/// demo catalog; <c>http://…</c> or <c>https://…</c> → the website API (credentials from
/// <see cref="CatalogSyncOptions"/>); <c>file:…</c> or any other text → a file path.
/// </summary>
public sealed partial class CatalogSourceResolver(IHttpClientFactory httpClientFactory, IOptions<CatalogSyncOptions> options)
{
    /// <summary>
    /// The location as it may be stored and shown: <c>embedded:demo</c> when blank, and without any user name or
    /// password written into a URL (<c>https://user:secret@host/</c> becomes <c>https://host/</c>), valid URL or not.
    /// </summary>
    public static string Describe(string? location) =>
        string.IsNullOrWhiteSpace(location) ? "embedded:demo" : UserInfo().Replace(location.Trim(), "${scheme}");

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")]
    private static partial Regex UserInfo();

    /// <exception cref="CatalogSourceException">The location has a scheme other than http, https or file.</exception>
    public ICatalogSource Resolve(string? location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return new EmbeddedCatalogSource();
        }

        location = location.Trim();
        if (location.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var url))
            {
                throw new CatalogSourceException($"'{Describe(location)}' is not a valid URL.") { IsConfigurationError = true };
            }

            var settings = options.Value;
            return new HttpCatalogSource(httpClientFactory.CreateClient(HttpCatalogSource.HttpClientName), url, settings.Username, settings.Password);
        }

        if (location.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(location, UriKind.Absolute, out var fileUrl) && fileUrl.IsFile)
        {
            return new FileCatalogSource(fileUrl.LocalPath, options.Value.MaxDocumentBytes);
        }

        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new FileCatalogSource(location["file:".Length..], options.Value.MaxDocumentBytes);
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw new CatalogSourceException($"'{location}' is not a supported catalog location (use http(s)://, file: or a path).")
            {
                IsConfigurationError = true,
            };
        }

        return new FileCatalogSource(location, options.Value.MaxDocumentBytes);
    }
}
