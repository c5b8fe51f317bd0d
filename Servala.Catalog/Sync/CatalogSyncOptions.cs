using System.ComponentModel.DataAnnotations;

namespace Servala.Catalog.Sync;

/// <summary>Settings of the catalog sync, bound from the <c>Catalog</c> configuration section.</summary>
public sealed class CatalogSyncOptions : IValidatableObject
{
    public const string SectionName = "Catalog";

    /// <summary>
    /// The website's base URL (the sync calls <c>{WebsiteUrl}/api/v1/catalog</c>), a <c>file:</c>
    /// path or plain path to a catalog document, or empty for the embedded demo catalog.
    /// </summary>
    public string? WebsiteUrl { get; set; }

    /// <summary>Basic-auth user name for the website API.</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password for the website API.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Safety valve: a run that would mark more than this fraction of the live synced entries
    /// stale is refused unless forced. 0..1, default 0.5.
    /// </summary>
    [Range(typeof(decimal), "0", "1", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public decimal MaxStaleFraction { get; set; } = 0.5m;

    /// <summary>Timeout of one HTTP attempt (10 ms .. 10 min, default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a failed attempt (5xx, timeout, dropped connection); 0..10, default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; each next one doubles (with jitter). 0 .. 1 min, default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest catalog document accepted, in bytes after decompression (1 KiB .. 1 GiB, default 16 MiB).
    /// A larger one is refused before parsing, without reading the rest of it.
    /// </summary>
    [Range(1024L, 1L << 30)]
    public long MaxDocumentBytes { get; set; } = 16L << 20;

    /// <summary>
    /// Time allowed, once the document has arrived, to parse and check it, compute the diff and write it
    /// (1 s .. 1 h, default 5 min). A run that takes longer is cancelled and recorded as failed; nothing is written.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ApplyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest the fetch may take, all attempts and waits between them included:
    /// <c>(MaxRetries + 1) × HttpTimeout + RetryBaseDelay × 2^MaxRetries</c>. Each attempt's limit covers the
    /// whole body, not only the headers; this total is enforced as the fetch's own limit.
    /// </summary>
    public TimeSpan FetchTimeout => HttpTimeout * (MaxRetries + 1) + RetryBaseDelay * Math.Pow(2, MaxRetries);

    /// <summary>The longest a whole run may take: <see cref="FetchTimeout"/> + <see cref="ApplyTimeout"/>.</summary>
    public TimeSpan RunTimeout => FetchTimeout + ApplyTimeout;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebsiteUrl is { } url && url.Contains("://", StringComparison.Ordinal)
            && !(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                 || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                 || url.StartsWith("file://", StringComparison.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult("WebsiteUrl must be an http(s):// URL, a file: path or empty.", [nameof(WebsiteUrl)]);
        }
        else if (WebsiteUrl is { } web && web.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                 && !Uri.TryCreate(web, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"WebsiteUrl '{CatalogSourceResolver.Describe(web)}' is not a valid URL.", [nameof(WebsiteUrl)]);
        }
    }
}
