using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Servala.Catalog;
using Servala.Web.Nodes;

namespace Servala.Tests.Nodes;

/// <summary>Two portal processes on one PostgreSQL database: jobs run once, changes reach both nodes within the bound.</summary>
public sealed class MultiNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static readonly object Quote = new
    {
        service = "postgresql",
        controlPlane = "exoscale-gva2",
        plan = "standard-8",
        slaTier = "sla999247",
        storageGib = 50,
        replicas = 1,
    };

    /// <summary>The promise in the README: with the default poll interval a change is served everywhere within 5 s.</summary>
    private static readonly TimeSpan Bound = new NodesOptions().ChangePollInterval + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task RecurringJobs_AreRegisteredOnce_AndBothJobServersAreRunning()
    {
        Assert.Equal(1, await nodes.ScalarAsync("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'catalog-sync'"));
        Assert.Equal(1, await nodes.ScalarAsync("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'control-plane-reconcile'"));
        Assert.Equal(2, await nodes.ScalarAsync("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs'"));
        Assert.Equal(2, await nodes.ScalarAsync("SELECT count(*) FROM hangfire.server WHERE lastheartbeat > now() - interval '1 minute'"));
    }

    [Fact]
    public async Task Readyz_OnBothNodes_NamesEveryCheckAsHealthy()
    {
        foreach (var node in new[] { nodes.Node1, nodes.Node2 })
        {
            using var client = node.Client();
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
            var checks = json.RootElement.GetProperty("checks");
            foreach (var name in new[] { "database", "catalog-snapshot", "catalog-sync-age", "hangfire-server" })
            {
                Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString());
            }

            Assert.DoesNotContain("Password", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(nodes.Database.Name, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SyncBesideTheNodes_NewPriceIsServedByBothWithinTheBound()
    {
        var before = await TotalAsync(nodes.Node1);
        Assert.Equal(before, await TotalAsync(nodes.Node2));

        var path = Path.Combine(nodes.Program.Directory_, "catalog-raised.json");
        var raised = ReplaceFirst(DemoData.CatalogJson, "\"baseFeeMonthly\": \"10.00\"", "\"baseFeeMonthly\": \"12.00\"");
        await File.WriteAllTextAsync(path, raised);
        var sync = await nodes.Program.RunAsync(nodes.Environment, "sync-catalog", "--source", path);
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        var synced = Stopwatch.StartNew();

        foreach (var node in new[] { nodes.Node1, nodes.Node2 })
        {
            string total;
            do
            {
                total = await TotalAsync(node);
                if (total != before)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (synced.Elapsed <= Bound);

            Assert.True(total != before, $"{node.Address} still quoted {before} {synced.Elapsed} after the sync (bound {Bound}).");
            Assert.Equal(2.00m, Amount(total) - Amount(before));
        }
    }

    private static async Task<string> TotalAsync(TwoNodes.Node node)
    {
        using var client = node.Client();
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), Quote);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("totalMonthly").GetString()!;
    }

    private static decimal Amount(string money) =>
        decimal.Parse(money.Split(' ').First(p => p.Any(char.IsDigit)), System.Globalization.CultureInfo.InvariantCulture);

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the demo catalog.");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}
