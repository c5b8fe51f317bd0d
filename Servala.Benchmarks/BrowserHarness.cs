using Microsoft.Playwright;

namespace Servala.Benchmarks;

/// <summary>Debian's Chromium driven by Playwright, and the steps the browser benchmarks share.</summary>
internal static class BrowserHarness
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // Many open tabs: none of them may be throttled or frozen while the probe holds it open.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>Waits until Blazor's circuit is interactive and, where the page says so, its data is loaded.</summary>
    public static async Task WaitInteractiveAsync(IPage page)
    {
        await page.WaitForSelectorAsync("[data-testid=render-mode][data-state=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        if (await page.Locator("[data-testid=page-state]").CountAsync() > 0)
        {
            await page.WaitForSelectorAsync("[data-testid=page-state][data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        }
    }

    /// <summary>
    /// Leaves the page the way a closing tab does (Blazor sends its disconnect beacon on <c>pagehide</c>, so the server
    /// ends the circuit at once instead of keeping it for a reconnect), then closes it.
    /// </summary>
    public static async Task CloseGracefullyAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        await page.CloseAsync();
    }
}
