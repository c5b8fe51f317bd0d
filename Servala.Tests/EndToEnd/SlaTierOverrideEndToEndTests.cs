using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>In Chromium against the portal on real Kestrel: an admin's override reaches a customer's price.</summary>
public sealed class SlaTierOverrideEndToEndTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    private const string Tier = "sla999247";

    [Fact]
    public async Task AdminRaisesHaMinimum_ConfirmsTheImpact_CustomerConfigurePagePricesWithIt()
    {
        using (var scope = browser.Portal.Services.CreateScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
            var acme = await db.Organizations.SingleAsync(o => o.Slug == "acme");
            var ordered = await scope.ServiceProvider.GetRequiredService<InstanceService>().OrderAsync(
                acme.Id, "pg-on-247", new QuoteRequest("postgresql", "cloudscale-rma", "mini", Tier, 10));
            Assert.True(ordered.IsSuccess, ordered.Error);
        }

        var admin = await browser.NewPageAsync();
        await admin.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await admin.GotoAsync("/admin/sla-tiers");
        await admin.WaitInteractiveAsync();
        await admin.ByTestId($"tier-edit-{Tier}").ClickAsync();
        await admin.InputOf($"tier-haReplicaMin-{Tier}").FillAsync("3");
        await admin.InputOf($"tier-haReplicaMin-{Tier}").PressAsync("Tab");
        await admin.ByTestId($"tier-save-{Tier}").ClickAsync();

        // The save moves pg-on-247's price: it waits, showing the impact, until confirmed.
        await Expect(admin.ByTestId("tier-impact")).ToContainTextAsync("pg-on-247");
        await Expect(admin.ByTestId("impact-reapply")).ToHaveTextAsync("1 instance will be re-applied on its control plane.");
        await Expect(admin.ByTestId($"tier-haReplicaMin-value-{Tier}")).ToHaveCountAsync(0);
        await admin.ByTestId("tier-confirm").ClickAsync();
        await Expect(admin.ByTestId($"tier-haReplicaMin-value-{Tier}")).ToHaveTextAsync("3");
        await Expect(admin.ByTestId("tier-impact")).ToHaveCountAsync(0);
        await Expect(admin.Locator(".mud-snackbar")).ToHaveCountAsync(1);

        var customer = await browser.NewPageAsync();
        await customer.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await customer.GotoAsync("/services/postgresql");
        await customer.WaitInteractiveAsync();
        await customer.SelectAsync("sla-select", "99.9% 24/7");

        // mini (0.5 GiB) × 3 replicas = 1.5 GiB billed: 0.03 × 1.5 × 730 = 32.85; storage 10 GiB × 3 = 4.50;
        // backup 4.50 × 3 = 13.50; base 10.00; SLA 120.00.
        await Expect(customer.ByTestId("price-line-compute")).ToContainTextAsync("× 3 replicas");
        await Expect(customer.ByTestId("price-total-monthly")).ToHaveTextAsync("CHF 180.85");
    }
}
