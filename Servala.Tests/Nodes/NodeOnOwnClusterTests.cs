using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Servala.Tests.Nodes;

/// <summary>A node whose database the tests stop and start (its own cluster), and its <c>/metrics</c>.</summary>
public sealed partial class NodeOnOwnClusterTests(NodeOnOwnCluster node) : IClassFixture<NodeOnOwnCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readyz_DatabaseStoppedThenStarted_GoesUnreadyAndBackWithoutRestart()
    {
        var process = node.Only.Process.Process.Id;
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync()).Status);

        await node.Cluster.StopAsync();
        try
        {
            var down = await PollAsync(ReadyAsync, r => r.Status == HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            using var json = JsonDocument.Parse(down.Body);
            Assert.Equal("unhealthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("healthy", json.RootElement.GetProperty("checks").GetProperty("catalog-snapshot").GetProperty("status").GetString());
            Assert.DoesNotContain("127.0.0.1", down.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("servala", down.Body.Replace("\"servala", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

            using var client = node.Only.Client();
            using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await node.Cluster.StartAsync();
        }

        var up = await PollAsync(ReadyAsync, r => r.Status == HttpStatusCode.OK);
        Assert.True(up.Status == HttpStatusCode.OK, up.Body);
        Assert.Equal(process, node.Only.Process.Process.Id);
        Assert.False(node.Only.Process.Process.HasExited);
    }

    [Fact]
    public async Task Metrics_AfterAQuoteAndASync_ShowThePortalsCountersMoving()
    {
        var before = await ScrapeAsync();
        using (var client = node.Only.Client())
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
            using var served = await client.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), new
            {
                service = "postgresql", controlPlane = "exoscale-gva2", plan = "standard-8", slaTier = "sla999247", storageGib = 50, replicas = 1,
            });
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            using var refused = await client.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), new
            {
                service = "postgresql", controlPlane = "exoscale-gva2", plan = "no-such-plan", slaTier = "sla999247", storageGib = 50, replicas = 1,
            });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        node.TriggerRecurringJob("catalog-sync");
        var after = await PollAsync(ScrapeAsync, text => Sum(text, "servala_portal_sync_runs") > Sum(before, "servala_portal_sync_runs"));

        Assert.Equal(Sum(before, "servala_portal_quotes_served") + 1, Sum(after, "servala_portal_quotes_served"));
        Assert.Equal(Sum(before, "servala_portal_quotes_refused") + 1, Sum(after, "servala_portal_quotes_refused"));
        Assert.True(Sum(after, "servala_portal_sync_runs") > Sum(before, "servala_portal_sync_runs"), "no sync run counted");
        Assert.Contains("reason=\"", after, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^servala_portal_quote_duration\S*_count\S*\s", after);
        Assert.Matches(@"(?m)^servala_portal_catalog_age\S*\s", after);
        // The framework's own meters are exported too.
        Assert.Matches(@"(?m)^microsoft_aspnetcore_hosting_http_server_request_duration\S*\s", after);
        Assert.Matches(@"(?m)^microsoft_aspnetcore_server_kestrel_\S+\s", after);
        Assert.Matches(@"(?m)^system_runtime_dotnet_\S+\s", after);
    }

    [Fact]
    public async Task Metrics_WithoutTokenOrSignIn_IsRefused()
    {
        using var client = node.Only.Client();
        using var anonymous = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-" + NodeOnOwnCluster.ScrapeToken);
        using var wrong = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task BehindTheProxy_ClientAddressSchemeAndCookieFollowTheForwardedHeaders()
    {
        using var plain = node.Only.Client();
        using var redirected = await plain.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https", redirected.Headers.Location?.Scheme);

        using var client = Client("203.0.113.10");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        using var login = await Support.PortalLogin.PostLoginAsync(client, "admin@servala.test", "Admin-Pass-2026!");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

        // The rate limit counts per real client: one client's limit leaves another's untouched.
        using var first = Client("203.0.113.20");
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i <= NodeOnOwnCluster.QuotesPerMinute && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await first.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), new { service = "postgresql" });
            last = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        using var second = Client("203.0.113.21");
        using var other = await second.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), new { service = "postgresql" });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    private HttpClient Client(string forwardedFor)
    {
        var client = node.Only.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private async Task<(HttpStatusCode Status, string Body)> ReadyAsync()
    {
        using var client = node.Only.Client();
        client.Timeout = TimeSpan.FromSeconds(15);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> ScrapeAsync()
    {
        using var client = node.Only.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NodeOnOwnCluster.ScrapeToken);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The sum of every series of a counter (all its label sets), 0 when it has none yet.</summary>
    private static double Sum(string exposition, string counter) =>
        Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == counter)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var since = Stopwatch.StartNew();
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(250);
        }
        while (since.Elapsed <= Deadline);
        return value;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})?\s+(?<value>[0-9.eE+-]+)")]
    private static partial Regex Sample();
}
