namespace Servala.Web.Health;

/// <summary>
/// The <c>healthcheck</c> verb for the container's <c>HEALTHCHECK</c> (the runtime image has no curl): GET
/// <c>/healthz</c> on this host's own port, at most 3 s; exit 0 when it answers 200, else 1. It runs before the host
/// is built: no database, no configuration beyond <c>ASPNETCORE_URLS</c>.
/// </summary>
internal static class HealthProbe
{
    public const string Verb = "healthcheck";

    public static async Task<int> RunAsync(string? urls, TextWriter stderr)
    {
        var address = LocalAddress(urls);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(address, HealthHostingExtensions.LivePath));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await stderr.WriteLineAsync($"{HealthHostingExtensions.LivePath} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"{HealthHostingExtensions.LivePath} did not answer: {e.Message}");
            return 1;
        }
    }

    /// <summary>The first http URL the host listens on, with a wildcard host made <c>localhost</c>; default port 8080.</summary>
    internal static Uri LocalAddress(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? "http://localhost:8080";
        var wildcard = first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return new Uri(wildcard.TrimEnd('/') + "/");
    }
}
