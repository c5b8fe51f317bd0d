using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Servala.Catalog;
using Servala.Catalog.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Tests.EndToEnd;
using Servala.Tests.Support;
using Servala.Tests.Sync;
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

    /// <summary>The promise in the README (named in messages only): with the default poll interval a change is served everywhere within 5 s.</summary>
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
            var total = await PollAsync(() => TotalAsync(node), t => t != before, synced);
            Assert.True(total != before, $"{node.Address} still quoted {before} {synced.Elapsed} after the sync (bound {Bound}).");
            Assert.Equal(2.00m, Amount(total) - Amount(before));
        }
    }

    [Fact]
    public async Task StaffEditElsewhere_NewPriceIsServedByBothWithinTheBound()
    {
        var before = await TotalAsync(nodes.Node1);

        // A staff edit saved by another process on the same database (as the SLA tier page of another node saves it).
        var snapshots = new CatalogSnapshotStore(nodes.Database.Factory, TimeProvider.System);
        var admin = new SlaTierAdminService(nodes.Database.Factory, snapshots, new PriceCalculator(), TimeProvider.System);
        var tier = (await admin.ListAsync()).Single(t => t.Code == "sla999247");
        var saved = await admin.SaveOverridesAsync(tier.Code, tier.Version, new SlaTierEdit(HaReplicaMin: tier.Effective.HaReplicaMin + 1), "staff@servala.test");
        Assert.True(saved.IsSuccess, saved.Message);
        var edited = Stopwatch.StartNew();

        foreach (var node in new[] { nodes.Node1, nodes.Node2 })
        {
            var total = await PollAsync(() => TotalAsync(node), t => t != before, edited);
            Assert.True(total != before, $"{node.Address} still quoted {before} {edited.Elapsed} after the edit (bound {Bound}).");
            Assert.True(Amount(total) > Amount(before), $"one more replica must cost more: {before} -> {total}");
        }
    }

    [Fact]
    public async Task InstanceStatusReconciledElsewhere_ReachesAPageOpenOnNode1WithoutAReload()
    {
        // A Production process serves its scripts only from a published folder.
        Assert.True(Servala.Tests.Cli.PortalProcess.IsPublished, "Needs the published portal: run ./scripts/test.sh, or set SERVALA_TEST_PORTAL to the output of `dotnet publish Servala.Web`.");
        // An instance of ACME (alice's organization), as an order on another node stores it.
        int id;
        int controlPlaneId;
        await using (var db = await nodes.Database.Factory.CreateDbContextAsync())
        {
            var organization = await db.Organizations.SingleAsync(o => o.Slug == "acme");
            var offering = await db.ServiceOfferings.Include(o => o.Service).Include(o => o.ControlPlane)
                .FirstAsync(o => o.Service.Slug == "postgresql");
            var instance = new ServiceInstance
            {
                Name = "status-across-nodes",
                OrganizationId = organization.Id,
                ServiceId = offering.ServiceId,
                ControlPlaneId = offering.ControlPlaneId,
                ComputePlanId = (await db.ComputePlans.OrderBy(p => p.Id).FirstAsync()).Id,
                SlaTierId = (await db.SlaTiers.OrderBy(t => t.Id).FirstAsync()).Id,
                StorageGib = 10,
                Replicas = 1,
                QuotedMonthly = 1m,
                QuotedCurrency = "CHF",
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                Status = InstanceStatus.Provisioning,
                StatusMessage = "claim created",
            };
            db.ServiceInstances.Add(instance);
            await db.SaveChangesAsync();
            id = instance.Id;
            controlPlaneId = offering.ControlPlaneId;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = System.Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = nodes.Node1.Address.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await page.GotoAsync($"/instances/{id}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.ByTestId("instance-status").First).ToHaveTextAsync("Provisioning");

        // The reconcile of another node writes the new status and its pass time; node 1 only reads the database.
        await using (var db = await nodes.Database.Factory.CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            await db.ServiceInstances.Where(i => i.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, InstanceStatus.Ready)
                .SetProperty(i => i.StatusMessage, "Available")
                .SetProperty(i => i.UpdatedAt, now));
            await db.ControlPlanes.Where(c => c.Id == controlPlaneId).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastReconcileAt, now));
        }

        // A generous deadline for a busy machine; the promised bound (5 s) is not asserted.
        await Assertions.Expect(page.ByTestId("instance-status").First).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task SimultaneousSyncs_CliAndNodeBesideARunningCliSync_AreToldAndDoNothing()
    {
        await using var website = await CatalogTestServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        website.Handler = async (context, _) =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await CatalogTestServer.Json(context, DemoData.CatalogJson);
        };
        var firstId = await nodes.ScalarAsync("SELECT coalesce(max(\"Id\"), 0) FROM \"SyncRuns\"");

        var environment = nodes.Environment;
        environment["Catalog__HttpTimeout"] = "00:02:00";
        using var first = nodes.Program.Start(environment, "sync-catalog", "--source", website.Url);
        await PollAsync(() => nodes.ScalarAsync($"SELECT count(*) FROM \"SyncRuns\" WHERE \"Outcome\" = 'Running' AND \"Id\" > {firstId}"), n => n == 1, Stopwatch.StartNew(), TimeSpan.FromSeconds(60));

        var cli = await nodes.Program.RunAsync(nodes.Environment, "sync-catalog");
        nodes.TriggerRecurringJob("catalog-sync");
        var scheduled = await PollAsync(
            () => nodes.ScalarAsync($"SELECT count(*) FROM \"SyncRuns\" WHERE \"Trigger\" = 'schedule' AND \"Id\" > {firstId}"), n => n > 0, Stopwatch.StartNew(), TimeSpan.FromSeconds(60));
        release.SetResult();
        var firstResult = await first.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(cli.ExitCode == 3, $"exit {cli.ExitCode}: {cli.Stderr}");
        Assert.Contains("Another sync (run #", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, scheduled);
        Assert.Equal(1, await nodes.ScalarAsync($"SELECT count(*) FROM \"SyncRuns\" WHERE \"Trigger\" = 'schedule' AND \"Outcome\" = 'Skipped' AND \"Id\" > {firstId}"));
        Assert.True(firstResult.ExitCode == 0, firstResult.Stderr);
        Assert.Equal(1, await nodes.ScalarAsync($"SELECT count(*) FROM \"SyncRuns\" WHERE \"Outcome\" <> 'Skipped' AND \"Id\" > {firstId}"));
        Assert.Equal(2, await nodes.ScalarAsync($"SELECT count(*) FROM \"SyncRuns\" WHERE \"Outcome\" = 'Skipped' AND \"Id\" > {firstId}"));
    }

    [Fact]
    public async Task SignInCookie_FromNode1_WorksOnNode2_AndAfterARestartOfBoth()
    {
        var cookies = new CookieContainer();
        using (var client = nodes.Node1.Client(cookies))
        {
            using var login = await PortalLogin.PostLoginAsync(client, "admin@servala.test", "Admin-Pass-2026!");
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        await AssertSignedInAsync(nodes.Node2, cookies);
        await nodes.RestartAllAsync();
        await AssertSignedInAsync(nodes.Node1, cookies);
        await AssertSignedInAsync(nodes.Node2, cookies);
        await AssertSignedInAsync(nodes.Node1, new CookieContainer(), expected: false);
    }

    private static async Task AssertSignedInAsync(PortalNodes.Node node, CookieContainer cookies, bool expected = true)
    {
        using var client = node.Client(cookies);
        using var response = await client.GetAsync(new Uri("/admin/sync", UriKind.Relative));
        var signedIn = response.StatusCode == HttpStatusCode.OK;
        Assert.True(signedIn == expected, $"{node.Address}/admin/sync: {(int)response.StatusCode} {response.Headers.Location}");
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, Stopwatch since, TimeSpan? deadline = null)
    {
        // A generous deadline: a busy machine may take longer than the promised bound; the bound itself is not asserted.
        var limit = deadline ?? TimeSpan.FromSeconds(30);
        T value;
        do
        {
            value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100);
        }
        while (since.Elapsed <= limit);
        return value;
    }

    private static async Task<string> TotalAsync(PortalNodes.Node node)
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
