using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Tests.Support;

namespace Servala.Tests.EndToEnd;

/// <summary>In Chromium against the portal on real Kestrel: an admin's override reaches a customer's price.</summary>
public sealed class SlaTierOverrideEndToEndTests
{
    private const string Tier = "sla999247";

    private static async Task LogInAsync(IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid='signed-in-user']");
    }

    /// <summary>Clicks until the circuit is interactive and <paramref name="appears"/> shows up (prerendered buttons do nothing before).</summary>
    private static async Task ClickUntilAsync(IPage page, string selector, string appears)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await page.ClickAsync(selector);
            try
            {
                await page.WaitForSelectorAsync(appears, new() { Timeout = 1000 });
                return;
            }
            catch (TimeoutException)
            {
                // Not interactive yet: the click hit the prerendered page.
            }
        }

        Assert.Fail($"{appears} never appeared after clicking {selector}.");
    }

    [Fact]
    public async Task AdminRaisesHaMinimum_CustomerConfigurePagePricesWithIt()
    {
        await using var portal = new PortalFactory();
        portal.UseKestrel(0);
        portal.StartServer();
        var baseUrl = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });

        var admin = await (await browser.NewContextAsync()).NewPageAsync();
        await LogInAsync(admin, baseUrl, "admin@servala.test", "Admin-Pass-2026!");
        await admin.GotoAsync(baseUrl + "/admin/sla-tiers");
        await ClickUntilAsync(admin, $"[data-testid='tier-edit-{Tier}']", $"[data-testid='tier-editor-{Tier}']");
        await admin.FillAsync($"input[data-testid='tier-haReplicaMin-{Tier}']", "3");
        await admin.PressAsync($"input[data-testid='tier-haReplicaMin-{Tier}']", "Tab");
        await admin.ClickAsync($"[data-testid='tier-save-{Tier}']");
        await Assertions.Expect(admin.Locator($"[data-testid='tier-haReplicaMin-value-{Tier}']")).ToHaveTextAsync("3");

        var customer = await (await browser.NewContextAsync()).NewPageAsync();
        await LogInAsync(customer, baseUrl, "alice@acme.test", "Alice-Pass-2026!");
        await customer.GotoAsync(baseUrl + "/services/postgresql");
        await ClickUntilAsync(customer, "[data-testid='sla-select']", ".mud-popover-open");
        await customer.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "99.9% 24/7" }).ClickAsync();

        await Assertions.Expect(customer.Locator("[data-testid='price-line-compute']")).ToContainTextAsync("× 3 replicas");
    }
}
