namespace Servala.Web.Observability;

/// <summary>Who may read <c>/metrics</c> (section <c>Metrics</c>).</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// <c>Metrics:ScrapeToken</c>: a scraper that sends <c>Authorization: Bearer &lt;token&gt;</c> may read
    /// <c>/metrics</c> without signing in; empty (the default) = only users with role Ops may. A secret: never logged.
    /// </summary>
    public string? ScrapeToken { get; set; }
}
