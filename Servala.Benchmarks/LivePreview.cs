using System.Globalization;
using Microsoft.Playwright;

namespace Servala.Benchmarks;

/// <summary>
/// The configure page's live preview in Chromium: the time from an input change to the updated total
/// (<c>performance.now()</c> just before the change is dispatched in the page, a <c>MutationObserver</c> on the total
/// taking the time when Blazor patches it), for dropdown picks (plan, SLA tier) and typed numbers (storage, replicas).
/// In the same run, the same measurement on Blazor's own round trip: a minimal Blazor Server page
/// (<c>Servala.Benchmarks.BlazorFloor</c>, its own process) whose button increments a number. Prints one table row per
/// interaction with p50, p95 and the ratio of its p95 to the floor's. Usage: <c>preview [--samples 100] [--warmup 10]</c>.
/// </summary>
internal static class LivePreview
{
    // Runs in the page: starts the clock, performs the change, resolves with the milliseconds until the watched
    // element's text differs from what it was (the DOM patch, before paint).
    private const string Measure = """
        async ([watch, action, value]) => {
          const target = () => document.querySelector(watch)?.textContent;
          const before = target();
          return await new Promise((resolve, reject) => {
            let start = 0;
            const observer = new MutationObserver(() => {
              if (target() !== before) { const end = performance.now(); observer.disconnect(); resolve(end - start); }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); reject(new Error(`${watch} did not change from ${before}`)); }, 20000);
            start = performance.now();
            if (action === 'click') {
              document.querySelector(value).click();
            } else if (action.startsWith('select ')) {
              // A pick in a native select: the browser sets the value and fires one change event.
              const select = document.querySelector(action.slice(7));
              select.value = value;
              select.dispatchEvent(new Event('change', { bubbles: true }));
            } else {
              const input = document.querySelector(action);
              input.value = value;
              input.dispatchEvent(new Event('input', { bubbles: true }));
            }
          });
        }
        """;

    private const string Total = "[data-testid=price-total-monthly]";

    public static async Task<int> RunAsync(string[] args)
    {
        var samples = Harness.IntOption(args, "--samples", 100);
        var warmup = Harness.IntOption(args, "--warmup", 10);

        var directory = Path.Combine(Path.GetTempPath(), "servala-preview-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var catalog = Path.Combine(directory, "catalog.json");
        await File.WriteAllTextAsync(catalog, await QuoteSoak.ReadDemoCatalogAsync());
        var portalPort = QuoteSoak.FreePort();
        var floorPort = QuoteSoak.FreePort();
        using var portal = Harness.StartPortal(await Harness.PublishAsync("Servala.Web", "portal"), directory, catalog, portalPort);
        var floorDll = await Harness.PublishAsync("Servala.Benchmarks.BlazorFloor", "floor");
        using var floor = Harness.StartDll(floorDll, "floor", ["--urls", $"http://127.0.0.1:{floorPort}"]);
        var (playwright, browser) = await BrowserHarness.LaunchAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{portalPort}") };
            await QuoteSoak.WaitUntilUpAsync(http, portal);

            var floorPage = await browser.NewPageAsync();
            floorPage.SetDefaultTimeout(60_000);
            await GotoWhenUpAsync(floorPage, $"http://127.0.0.1:{floorPort}/");
            await BrowserHarness.WaitInteractiveAsync(floorPage);
            var floorTimes = await SampleAsync(samples, warmup, _ => MeasureAsync(floorPage, "[data-testid=count]", "click", "[data-testid=increment]"));

            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync($"http://127.0.0.1:{portalPort}/services/postgresql");
            await BrowserHarness.WaitInteractiveAsync(page);

            var rows = new List<(string Name, double[] Times)>
            {
                ("plan (dropdown pick)", await SampleAsync(samples, warmup, i => PickAsync(page, "plan-select", i % 2 == 0 ? "Standard 2 —" : "Standard 4 —"))),
                ("SLA tier (dropdown pick)", await SampleAsync(samples, warmup, i => PickAsync(page, "sla-select", i % 2 == 0 ? "99.9% 24/7" : "BH 99.9%"))),
                ("storage (typed number)", await SampleAsync(samples, warmup, i => TypeAsync(page, "storage-input", i % 2 == 0 ? "20" : "30"))),
                ("replicas (typed number)", await SampleAsync(samples, warmup, i => TypeAsync(page, "replicas-input", i % 2 == 0 ? "3" : "4"))),
            };

            var floorP95 = Percentile(floorTimes, 0.95);
            Console.WriteLine(Row("minimal Blazor page, button increments a number (floor)", floorTimes, floorP95));
            foreach (var (name, times) in rows)
            {
                Console.WriteLine(Row($"configure page: {name}", times, floorP95));
            }

            return 0;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            Harness.Stop(floor);
            Harness.Stop(portal);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Row(string name, double[] times, double floorP95) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {times.Length} | {Percentile(times, 0.5):0.0} ms | {Percentile(times, 0.95):0.0} ms | {Percentile(times, 0.95) / floorP95:0.00}× |");

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * p) - 1)];

    private static async Task<double[]> SampleAsync(int samples, int warmup, Func<int, Task<double>> measure)
    {
        var times = new List<double>(samples);
        for (var i = 0; i < warmup + samples; i++)
        {
            var ms = await measure(i);
            if (i >= warmup)
            {
                times.Add(ms);
            }
        }

        return [.. times.Order()];
    }

    private static Task<double> MeasureAsync(IPage page, string watch, string action, string value) =>
        page.EvaluateAsync<double>(Measure, new[] { watch, action, value });

    /// <summary>Times a pick of the option that contains <paramref name="text"/> in the native select (its change event).</summary>
    private static async Task<double> PickAsync(IPage page, string testId, string text)
    {
        var select = $"select[data-testid='{testId}']";
        var value = await page.Locator($"{select} option", new PageLocatorOptions { HasText = text }).First.GetAttributeAsync("value");
        return await MeasureAsync(page, Total, "select " + select, value!);
    }

    /// <summary>Times setting a number field's text (one input event, as a paste or the last keystroke sends).</summary>
    private static Task<double> TypeAsync(IPage page, string testId, string value) =>
        MeasureAsync(page, Total, $"input[data-testid='{testId}'], [data-testid='{testId}'] input", value);

    private static async Task GotoWhenUpAsync(IPage page, string url)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await page.GotoAsync(url);
                return;
            }
            catch (PlaywrightException) when (i < 240)
            {
                await Task.Delay(250);
            }
        }
    }
}
