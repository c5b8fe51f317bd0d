using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>Under the portal's Content-Security-Policy, every page still becomes interactive in real Chromium and nothing is blocked.</summary>
public sealed class ContentSecurityPolicyTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    private const string RecordViolations = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    [Fact]
    public async Task Pages_UnderTheContentSecurityPolicy_BecomeInteractiveWithoutViolations()
    {
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.Context.AddInitScriptAsync(RecordViolations);

        var response = await page.GotoAsync("/");
        Assert.Contains("frame-ancestors 'none'", await response!.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        await page.WaitInteractiveAsync();
        await AssertNoViolationsAsync(page, console, "/");

        // The configure page reacts to input over the circuit: the price changes with the storage.
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();
        var total = page.ByTestId("price-total-monthly");
        await Expect(total).ToHaveTextAsync("CHF 37.90");
        await page.InputOf("storage-input").FillAsync("100");
        await Expect(total).ToHaveTextAsync("CHF 51.40");
        await AssertNoViolationsAsync(page, console, "/services/postgresql");

        await page.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        foreach (var path in new[] { "/instances", "/admin/sla-tiers", "/admin/catalog", "/admin/audit", "/admin/sync" })
        {
            await page.GotoAsync(path);
            await page.WaitInteractiveAsync();
            await AssertNoViolationsAsync(page, console, path);
        }

        // Account pages stay static server-rendered.
        await page.GotoAsync("/Account/Manage");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AssertNoViolationsAsync(page, console, "/Account/Manage");

        // The Hangfire dashboard is not Blazor: its own scripts must run under the same policy.
        await page.GotoAsync("/admin/jobs/recurring");
        await Expect(page.GetByText("catalog-sync").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AssertNoViolationsAsync(page, console, "/admin/jobs/recurring");
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> console, string path)
    {
        var violations = await page.EvaluateAsync<string[]>("window.__csp || []");
        Assert.True(violations.Length == 0, $"{path}: {string.Join("; ", violations)}");
        var reported = console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(reported.Count == 0, $"{path}: {string.Join("; ", reported)}");
    }
}
