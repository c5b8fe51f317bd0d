using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Servala.Catalog.Data;
using Servala.Tests.EndToEnd;
using Servala.Tests.Support;
using LogCapture = Servala.Tests.Sync.LogCapture;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.ControlPlanes;

/// <summary>The portal in real Chromium with Cloudscale RMA connected to a loopback API server; every log line is captured.</summary>
public sealed class ConnectedBrowserPortal : BrowserPortal
{
    public ConnectedBrowserPortal()
        : base(new ConnectedPortalFactory())
    {
    }

    public FakeKubeApi Api { get; private set; } = null!;

    public LogCapture Log => ((ConnectedPortalFactory)Portal).Log;

    public override async Task InitializeAsync()
    {
        Api = await FakeKubeApi.StartAsync();
        await base.InitializeAsync();
        var kubeconfig = Api.WriteKubeconfig(Path.GetDirectoryName(Portal.DatabasePath)!);
        var factory = Portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var rma = await db.ControlPlanes.SingleAsync(c => c.Code == "cloudscale-rma");
        rma.Kubeconfig = kubeconfig;
        rma.ConnectionState = Catalog.Model.ConnectionState.Unknown;
        await db.SaveChangesAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Api.DisposeAsync();
    }

    private sealed class ConnectedPortalFactory : PortalFactory
    {
        public LogCapture Log { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("ControlPlanes:FollowInterval", "00:00:00.200"),
            new("ControlPlanes:RetryBaseDelay", "00:00:00.050"),
            new("ControlPlanes:RequestTimeout", "00:00:05"),
            new("Logging:LogLevel:Default", "Trace"),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Trace));
        }
    }
}

/// <summary>Order → Ready while the page is open, credentials on demand, delete with confirmation, in real Chromium.</summary>
public sealed partial class ControlPlaneEndToEndTests(ConnectedBrowserPortal browser) : IClassFixture<ConnectedBrowserPortal>
{
    // A status change goes through a Hangfire job and a reconcile pass; on a busy CI machine that can take a few seconds.
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveTextOptions Waiting = new() { Timeout = 20_000 };
    private static readonly Microsoft.Playwright.PageWaitForURLOptions Navigating = new() { Timeout = 30_000 };

    [Fact]
    public async Task Customer_OrdersRevealsAndDeletes_StatusUpdatesLiveWithoutReload()
    {
        // The claim stays provisioning until the test lets it become ready, so the change must arrive live.
        browser.Api.ReadyAfter = TimeSpan.FromHours(1);
        var page = await browser.NewPageAsync();
        await page.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("control-plane-not-connected")).ToHaveCountAsync(0);
        await page.InputOf("instance-name-input").FillAsync("live-db");
        await page.ByTestId("order-button").ClickAsync();
        await page.WaitForURLAsync(InstanceUrl(), Navigating);
        await page.WaitInteractiveAsync();
        var url = page.Url;
        await page.EvaluateAsync("() => window.__samePage = true");

        var status = page.ByTestId("instance-status");
        await Expect(status).ToHaveTextAsync("Provisioning", Waiting);
        browser.Api.ReadyAfter = TimeSpan.Zero;
        await Expect(status).ToHaveTextAsync("Ready", Waiting);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
        Assert.NotNull(browser.Api.Claim("org-acme", "vshnpostgresqls", "live-db"));

        // Keys are listed; a value appears only on reveal.
        var reveal = page.ByTestId("credential-reveal-POSTGRESQL_PASSWORD");
        await Expect(reveal).ToBeVisibleAsync();
        Assert.DoesNotContain("pw-live-db", await page.ContentAsync(), StringComparison.Ordinal);
        await reveal.ClickAsync();
        await Expect(page.ByTestId("credential-value-POSTGRESQL_PASSWORD")).ToHaveTextAsync("pw-live-db");

        // The prerendered page (no script) never carries credentials.
        var staticPage = await browser.NewPageAsync(javaScript: false);
        await staticPage.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await staticPage.GotoAsync(url);
        await Expect(staticPage.ByTestId("instance-name")).ToHaveTextAsync("live-db");
        Assert.DoesNotContain("pw-live-db", await staticPage.ContentAsync(), StringComparison.Ordinal);

        // Another organization sees nothing of it.
        var bob = await browser.NewPageAsync();
        await bob.LogInAsync("bob@globex.test", "Bob-Pass-2026!");
        await bob.GotoAsync(url);
        await Expect(bob.ByTestId("instance-not-found")).ToBeVisibleAsync();
        await Expect(bob.Locator("[data-testid^='credential-']")).ToHaveCountAsync(0);

        // Delete asks first, then shows Deleting and Deleted, still without a reload.
        await page.ByTestId("delete-button").ClickAsync();
        await Expect(page.ByTestId("delete-confirm")).ToBeVisibleAsync();
        Assert.Null(browser.Api.Claim("org-acme", "vshnpostgresqls", "live-db")?["metadata"]?["deletionTimestamp"]);
        browser.Api.DeleteAfter = TimeSpan.FromHours(1);
        await page.ByTestId("delete-confirm").ClickAsync();
        await Expect(status).ToHaveTextAsync("Deleting", Waiting);
        browser.Api.DeleteAfter = TimeSpan.Zero;
        await Expect(status).ToHaveTextAsync("Deleted", Waiting);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
        Assert.Null(browser.Api.Claim("org-acme", "vshnpostgresqls", "live-db"));

        await page.ByTestId("nav-instances").ClickAsync();
        await Expect(page.ByTestId("instance-row-live-db").Locator("[data-testid='instance-status']")).ToHaveTextAsync("Deleted");

        Assert.DoesNotContain(browser.Log.Messages, m => m.Contains("pw-live-db", StringComparison.Ordinal) || m.Contains(browser.Api.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotConnectedControlPlane_OrderWaitsAsPendingAndSaysWhy()
    {
        var page = await browser.NewPageAsync();
        await page.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await page.GotoAsync("/services/redis");
        await page.WaitInteractiveAsync();
        await page.SelectAsync("control-plane-select", "Exoscale");
        await Expect(page.ByTestId("control-plane-not-connected")).ToBeVisibleAsync();
        await page.InputOf("instance-name-input").FillAsync("waiting-cache");
        await page.ByTestId("order-button").ClickAsync();
        await page.WaitForURLAsync(InstanceUrl(), Navigating);
        await page.WaitInteractiveAsync();

        await Expect(page.ByTestId("instance-status")).ToHaveTextAsync("Pending");
        await Expect(page.ByTestId("instance-status-message")).ToHaveTextAsync("Waiting for control plane Exoscale CH-GVA-2 to be connected.");
        await Expect(page.ByTestId("credentials-unavailable")).ToContainTextAsync("to be connected");
    }

    [Fact]
    public async Task Staff_ControlPlanesPage_ShowsConnectionStateAndReconcilesOnDemand()
    {
        var page = await browser.NewPageAsync();
        await page.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await page.GotoAsync("/admin/control-planes");
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("control-plane-state-cloudscale-lpg")).ToContainTextAsync("not connected (no kubeconfig)");

        browser.Api.RejectAll = true;
        try
        {
            await page.ByTestId("reconcile-cloudscale-rma").ClickAsync();
            await Expect(page.ByTestId("control-plane-state-cloudscale-rma")).ToContainTextAsync("credentials rejected");
            await Expect(page.ByTestId("control-plane-error-cloudscale-rma")).ToContainTextAsync("401");
        }
        finally
        {
            browser.Api.RejectAll = false;
        }

        await page.ByTestId("reconcile-all").ClickAsync();
        await Expect(page.ByTestId("control-plane-state-cloudscale-rma")).ToContainTextAsync("connected");
        await Expect(page.ByTestId("control-plane-state-cloudscale-rma")).Not.ToContainTextAsync("rejected");
        await Expect(page.ByTestId("control-plane-error-cloudscale-rma")).ToBeEmptyAsync();
        await Expect(page.ByTestId("control-plane-state-cloudscale-lpg")).ToContainTextAsync("not connected");
    }

    [GeneratedRegex(@"/instances/\d+$")]
    private static partial Regex InstanceUrl();
}
