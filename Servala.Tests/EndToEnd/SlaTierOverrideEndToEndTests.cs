using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>In Chromium against the portal on real Kestrel: an admin's override reaches a customer's price.</summary>
public sealed class SlaTierOverrideEndToEndTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    private const string Tier = "sla999247";

    [Fact]
    public async Task AdminRaisesHaMinimum_CustomerConfigurePagePricesWithIt()
    {
        var admin = await browser.NewPageAsync();
        await admin.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await admin.GotoAsync("/admin/sla-tiers");
        await admin.WaitInteractiveAsync();
        await admin.ByTestId($"tier-edit-{Tier}").ClickAsync();
        await admin.InputOf($"tier-haReplicaMin-{Tier}").FillAsync("3");
        await admin.InputOf($"tier-haReplicaMin-{Tier}").PressAsync("Tab");
        await admin.ByTestId($"tier-save-{Tier}").ClickAsync();
        await Expect(admin.ByTestId($"tier-haReplicaMin-value-{Tier}")).ToHaveTextAsync("3");

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
