using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Servala.Benchmarks;

/// <summary>
/// The managed heap each open configure page holds in the portal. Starts the real portal process (Release build, demo
/// catalog), opens <c>--pages</c> configure pages in Chromium (each its own circuit), and reads the portal's live heap
/// with <c>dotnet-gcdump</c> (which forces a full, blocking GC first) with none open, with all open and after closing
/// them all. The portal's own circuit gauge (<c>/metrics</c>) says when the circuits are really open or gone.
/// Prints one table row, then (after a blank line) the types whose live bytes grew most per page. Usage:
/// <c>circuits [--pages 40] [--service postgresql] [--keep DIR]</c> (<c>--keep</c> copies the three <c>.gcdump</c> files there).
/// </summary>
internal static partial class CircuitProbe
{
    private const string ScrapeToken = "circuit-probe";

    public static async Task<int> RunAsync(string[] args)
    {
        var pages = Harness.IntOption(args, "--pages", 40);
        var service = Harness.Option(args, "--service") ?? "postgresql";

        var directory = Path.Combine(Path.GetTempPath(), "servala-circuits-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var catalog = Path.Combine(directory, "catalog.json");
        await File.WriteAllTextAsync(catalog, await QuoteSoak.ReadDemoCatalogAsync());
        var port = QuoteSoak.FreePort();

        // The scrape token lets the probe read the circuit gauge without signing in.
        var dll = await Harness.PublishAsync("Servala.Web", "portal");
        using var portal = Harness.StartPortal(dll, directory, catalog, port, new Dictionary<string, string> { ["Metrics__ScrapeToken"] = ScrapeToken });
        var (playwright, browser) = await BrowserHarness.LaunchAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
            await QuoteSoak.WaitUntilUpAsync(http, portal);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = http.BaseAddress!.ToString() });
            context.SetDefaultTimeout(60_000);

            // Warm-up: the first pages fill the process's one-off caches (compiled components, MudBlazor's, SignalR's).
            for (var i = 0; i < 3; i++)
            {
                var page = await OpenAsync(context, service);
                await BrowserHarness.CloseGracefullyAsync(page);
            }

            // A closed tab's circuit ends when its disconnect beacon arrives; one whose beacon was lost is kept for a
            // reconnect (3 minutes). Such a leftover stays in all three heaps alike, so the difference is still the pages'.
            var left = await SettleAsync(http, 0);
            var none = await HeapAsync(portal.Id, directory, "none");

            var open = new List<IPage>();
            for (var i = 0; i < pages; i++)
            {
                open.Add(await OpenAsync(context, service));
            }

            await WaitForCircuitsAsync(http, left + pages);
            var all = await HeapAsync(portal.Id, directory, "all");

            foreach (var page in open)
            {
                await BrowserHarness.CloseGracefullyAsync(page);
            }

            var leftAfter = await SettleAsync(http, left);
            var closed = await HeapAsync(portal.Id, directory, "closed");

            var perPage = (all.Total - none.Total) / (double)pages;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `/services/{service}` | {pages} | {Mb(none.Total)} | {Mb(all.Total)} | {perPage / 1024:0} KB | {Mb(closed.Total)} ({Signed((closed.Total - none.Total) / 1024.0)} KB{(leftAfter > left ? $", {leftAfter - left} circuits awaiting reconnect" : "")}) |"));

            Console.WriteLine();
            Console.WriteLine("| type (live objects per open page, most first) | objects per page |");
            Console.WriteLine("|---|---:|");
            foreach (var (type, count) in all.Types
                .Select(t => (t.Key, Count: t.Value - none.Types.GetValueOrDefault(t.Key)))
                .OrderByDescending(t => t.Count).Take(15))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{type.Replace("|", "\\|", StringComparison.Ordinal)}` | {count / (double)pages:0.#} |"));
            }

            await context.CloseAsync();
            // Heaps are figures to read, not to judge here (a few pages are within the noise of the process's own work).
            return 0;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            Harness.Stop(portal);
            if (Harness.Option(args, "--keep") is { } keep)
            {
                // The three heap snapshots, for `dotnet-gcdump report` or PerfView.
                Directory.CreateDirectory(keep);
                foreach (var dump in Directory.GetFiles(directory, "*.gcdump"))
                {
                    File.Copy(dump, Path.Combine(keep, Path.GetFileName(dump)), overwrite: true);
                }
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    private static string Signed(double value) => string.Create(CultureInfo.InvariantCulture, $"{(value >= 0 ? "+" : "−")}{Math.Abs(value):0}");

    private static async Task<IPage> OpenAsync(IBrowserContext context, string service)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"services/{service}");
        await BrowserHarness.WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits up to 30 s for the circuits to drop to <paramref name="expected"/>; returns how many are left.</summary>
    private static async Task<long> SettleAsync(HttpClient http, long expected)
    {
        var clock = Stopwatch.StartNew();
        long seen;
        while ((seen = await ActiveCircuitsAsync(http)) > expected && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        if (seen > expected)
        {
            Console.Error.WriteLine($"circuits: {seen - expected} closed page(s) still have their circuit (no disconnect beacon arrived)");
        }

        return seen;
    }

    /// <summary>Polls the portal's circuit gauge until it shows <paramref name="expected"/> open circuits.</summary>
    private static async Task WaitForCircuitsAsync(HttpClient http, long expected)
    {
        var clock = Stopwatch.StartNew();
        var seen = -1L;
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            seen = await ActiveCircuitsAsync(http);
            if (seen == expected)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the portal shows {seen} open circuits, not {expected}, after 2 minutes");
    }

    internal static async Task<long> ActiveCircuitsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = ActiveGauge().Match(text);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^\S*aspnetcore_components_circuit_active\S*\s+([0-9.eE+-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ActiveGauge();

    internal sealed record Heap(long Total, Dictionary<string, long> Types);

    /// <summary>The portal's live managed heap: <c>dotnet-gcdump collect</c> forces a full blocking GC and walks what survives it.</summary>
    private static async Task<Heap> HeapAsync(int pid, string directory, string name)
    {
        var file = Path.Combine(directory, name + ".gcdump");
        await ToolAsync("collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
        return ParseReport(await ToolAsync("report", file));
    }

    /// <summary>
    /// <c>dotnet-gcdump report</c>: its header's live heap bytes, and its table's object count per type. (The table's
    /// byte column does not add up to the header in the .NET 10 tool, so only the counts are taken from it.)
    /// </summary>
    internal static Heap ParseReport(string report)
    {
        var header = HeapBytes().Match(report);
        if (!header.Success)
        {
            throw new InvalidOperationException("dotnet-gcdump report printed no heap size:\n" + report);
        }

        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match line in ReportLine().Matches(report))
        {
            // One type can have several lines (its objects by size class): "T (Bytes > 1K)  [assembly]".
            var type = SizeClass().Replace(line.Groups[2].Value.Trim(), "");
            types[type] = types.GetValueOrDefault(type) + Number(line.Groups[1].Value);
        }

        return new Heap(Number(header.Groups[1].Value), types);
    }

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([0-9,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapBytes();

    [GeneratedRegex(@"^\s*[0-9,]+\s+([0-9,]+)\s+(\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();

    [GeneratedRegex(@" \(Bytes > [0-9]+K\)")]
    private static partial Regex SizeClass();

    private static Task<string> ToolAsync(params string[] args) =>
        Harness.DotnetAsync($"dotnet-gcdump {args[0]}", ["tool", "run", "dotnet-gcdump", .. args]);
}
