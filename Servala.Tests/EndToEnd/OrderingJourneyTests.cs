using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>A customer configures, orders and changes an instance in real Chromium.</summary>
public sealed partial class OrderingJourneyTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Customer_ConfiguresOrdersAndChangesAnInstance_SeesExactPricesThroughout()
    {
        var page = await browser.NewPageAsync();
        await page.LogInAsync("alice@acme.test", "Alice-Pass-2026!");

        await page.GotoAsync("/");
        // A click while the circuit is still starting can change the address without the new page rendering.
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("service-card-postgresql")).ToContainTextAsync("from CHF 37.90/month");
        await page.ByTestId("service-card-postgresql").GetByText("Configure").ClickAsync();
        await page.WaitForURLAsync("**/services/postgresql");
        await page.WaitInteractiveAsync();

        // Cheapest valid configuration first: mini on Cloudscale RMA, no SLA, 10 GiB.
        var total = page.ByTestId("price-total-monthly");
        await Expect(total).ToHaveTextAsync("CHF 37.90");

        // Storage 100 GiB: +13.50 storage.
        await page.InputOf("storage-input").FillAsync("100");
        await Expect(total).ToHaveTextAsync("CHF 51.40");
        await Expect(page.ByTestId("price-line-storage-monthly")).ToHaveTextAsync("CHF 15.00");

        // 24/7 SLA: two replicas (HA floor), 120.00 surcharge, storage and backup doubled.
        await page.SelectAsync("sla-select", "99.9% 24/7");
        await Expect(total).ToHaveTextAsync("CHF 190.90");
        await Expect(page.ByTestId("price-line-sla-monthly")).ToHaveTextAsync("CHF 120.00");
        await Expect(page.ByTestId("price-note-ha")).ToBeVisibleAsync();

        // An invalid storage shows the calculator's reason at the field, keeps the last valid price marked and disables ordering.
        await page.InputOf("storage-input").FillAsync("105");
        await Expect(page.ByTestId("storage-field")).ToContainTextAsync("storage out of range");
        await Expect(page.ByTestId("price-last-valid")).ToBeVisibleAsync();
        await Expect(total).ToHaveTextAsync("CHF 190.90");
        await Expect(page.ByTestId("order-button")).ToBeDisabledAsync();
        await page.InputOf("storage-input").FillAsync("100");
        await Expect(total).ToHaveTextAsync("CHF 190.90");

        // A wrong name is said at the field as typed, and the message goes once it is fixed.
        await page.InputOf("instance-name-input").FillAsync("Orders DB");
        await Expect(page.ByTestId("instance-name-error")).ToContainTextAsync("lower-case letters");
        await Expect(page.ByTestId("order-button")).ToBeDisabledAsync();
        await page.InputOf("instance-name-input").FillAsync("orders-db");
        await Expect(page.ByTestId("instance-name-error")).ToHaveCountAsync(0);
        await page.ByTestId("order-button").ClickAsync();

        await page.WaitForURLAsync(InstanceUrl());
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("instance-price")).ToHaveTextAsync("CHF 190.90/month");
        var manifest = page.ByTestId("instance-manifest");
        await Expect(manifest).ToContainTextAsync("billing.servala.com/salesOrderID: S10042");
        await Expect(manifest).ToContainTextAsync("\"productID\":\"postgresql-mini\",\"value\":\"2\"");
        await Expect(manifest).ToContainTextAsync("\"monthly\":\"190.90\"");

        // Change the plan: old → new side by side before confirming.
        await page.SelectAsync("plan-select", "Standard 2");
        await Expect(page.ByTestId("price-old")).ToHaveTextAsync("CHF 190.90");
        await Expect(page.ByTestId("price-new")).ToHaveTextAsync("CHF 234.70");
        await page.ByTestId("change-button").ClickAsync();
        await Expect(page.ByTestId("instance-price")).ToHaveTextAsync("CHF 234.70/month");
        await Expect(page.ByTestId("instance-plan")).ToHaveTextAsync("standard-2");
        await Expect(manifest).ToContainTextAsync("\"productID\":\"postgresql-standard-2\",\"value\":\"2\"");

        await page.ByTestId("nav-instances").ClickAsync();
        var row = page.ByTestId("instance-row-orders-db");
        await Expect(row).ToContainTextAsync("CHF 234.70");
        await Expect(row.Locator("[data-testid=instance-plan-name]")).ToHaveTextAsync("Standard 2");
        await Expect(row.Locator("[data-testid=instance-created]")).ToHaveTextAsync(IsoDate());
        await Expect(row.Locator("[data-testid=instance-status]")).ToBeVisibleAsync();

        // Running costs: ACME's CHF total is the sum of its listed instances' monthly prices.
        var amounts = await page.Locator("tr[data-testid^=instance-row-]:not(.instance-deleted) [data-testid=instance-monthly]").AllTextContentsAsync();
        var sum = amounts.Sum(a => decimal.Parse(a.Replace("CHF\u00A0", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        await Expect(page.ByTestId("running-cost-acme-CHF").Locator("[data-testid=running-cost-monthly]"))
            .ToHaveTextAsync($"CHF {sum.ToString("F2", CultureInfo.InvariantCulture)}/month");
    }

    [Fact]
    public async Task OtherCustomer_OpeningTheInstanceUrl_SeesNotFound()
    {
        var alice = await browser.NewPageAsync();
        await alice.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await alice.GotoAsync("/services/redis");
        await alice.WaitInteractiveAsync();
        await alice.InputOf("instance-name-input").FillAsync("cache-one");
        await alice.ByTestId("order-button").ClickAsync();
        await alice.WaitForURLAsync(InstanceUrl());
        var url = alice.Url;

        var bob = await browser.NewPageAsync();
        await bob.LogInAsync("bob@globex.test", "Bob-Pass-2026!");
        await bob.GotoAsync(url);

        await Expect(bob.ByTestId("instance-not-found")).ToBeVisibleAsync();
        await Expect(bob.Locator("body")).Not.ToContainTextAsync("cache-one");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"/instances/\d+$")]
    private static partial Regex InstanceUrl();
}
