using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Tests.Support;

namespace Servala.Tests.EndToEnd;

/// <summary>
/// The portal on a real loopback port (Kestrel) with a fresh SQLite file, and Debian's Chromium
/// driven by Playwright. One per test class: each class gets its own database.
/// </summary>
public class BrowserPortal : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserPortal()
        : this(new PortalFactory())
    {
    }

    protected BrowserPortal(PortalFactory portal) => Portal = portal;

    public PortalFactory Portal { get; }

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Portal.UseKestrel(0);
        Portal.StartServer();
        var addresses = Portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        // Expect(...) polls up to this long (5 s by default): a loaded CI machine can take longer to re-render.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page on the portal.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, JavaScriptEnabled = javaScript });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}

/// <summary>Steps every browser test takes.</summary>
public static class PageSteps
{
    /// <summary>Waits until Blazor's circuit is interactive, so clicks reach the server.</summary>
    public static async Task WaitInteractiveAsync(this IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=render-mode]")).ToHaveAttributeAsync("data-state", "interactive");

        // Pages that load data say when their interactive render has it (the prerendered DOM is inert).
        if (await page.Locator("[data-testid=page-state]").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("[data-testid=page-state]")).ToHaveAttributeAsync("data-state", "ready");
        }
    }

    public static async Task LogInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(email);
    }

    public static ILocator ByTestId(this IPage page, string testId) => page.Locator($"[data-testid='{testId}']");

    /// <summary>The input of a Mud field, wherever MudBlazor put the test id (wrapper or input).</summary>
    public static ILocator InputOf(this IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>
    /// Picks the option containing <paramref name="text"/>: in a native select (the configure page's) as the browser does
    /// for a person's pick, otherwise by opening the MudSelect and clicking the item.
    /// </summary>
    public static async Task SelectAsync(this IPage page, string testId, string text)
    {
        var native = page.Locator($"select[data-testid='{testId}']");
        if (await native.CountAsync() > 0)
        {
            var value = await native.Locator("option", new LocatorLocatorOptions { HasText = text }).First.GetAttributeAsync("value");
            await native.SelectOptionAsync(new SelectOptionValue { Value = value });
            return;
        }

        await page.ByTestId(testId).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = text }).First.ClickAsync();
    }
}
