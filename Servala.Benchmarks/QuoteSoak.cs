using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;

namespace Servala.Benchmarks;

/// <summary>
/// Quotes under load with a large sync in the middle, against the real portal process (Servala.Web.dll,
/// Release build) on a fresh SQLite file. Many clients post quotes for a fixed time; the portal's
/// scheduled sync (every minute) picks up a catalog with many generated compute entries half-way.
/// Every answer is checked against the calculator's own price; latencies are split into requests
/// started while that sync ran and the others. Usage:
/// <c>dotnet run -c Release --project Servala.Benchmarks -- soak [clients] [seconds] [services] [plansPerService]</c>.
/// </summary>
public static class QuoteSoak
{
    private static readonly QuoteRequest[] Requests =
    [
        new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1),
        new("postgresql", "exoscale-gva2", "standard-4", "sla999bh", 120, 2),
        new("postgresql", "cloudscale-rma", "standard-2", "nosla", 20, 1),
        new("redis", "cloudscale-rma", "standard-4", "sla999247", 10, 3),
        new("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1) { Supporting = [new("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)] },
    ];

    private sealed record Sample(DateTimeOffset At, double Milliseconds, int Status, bool Correct);

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var services = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var plans = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;

        var directory = Path.Combine(Path.GetTempPath(), "servala-soak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "soak.db");
        var catalogPath = Path.Combine(directory, "catalog.json");
        var demo = await ReadDemoCatalogAsync();
        await File.WriteAllTextAsync(catalogPath, demo);
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");

        using var portal = StartPortal(database, catalogPath, port);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilUpAsync(http, portal);
            var expected = await ExpectedTotalsAsync(database);
            Console.WriteLine($"portal up on {baseUrl}; {clients} clients for {seconds} s; sync of {services * plans} generated compute entries in the middle");

            // Start so that the scheduled sync (at the next full minute) falls in the middle of the load.
            var now = DateTimeOffset.UtcNow;
            var nextMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            var start = nextMinute - TimeSpan.FromSeconds(seconds / 2.0);
            if (start < now)
            {
                start = start.AddMinutes(1);
            }

            await Task.Delay(start - DateTimeOffset.UtcNow);
            await File.WriteAllTextAsync(catalogPath, Generate(demo, services, plans));

            var samples = new List<Sample>();
            var stop = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(seconds);
            var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
            {
                var mine = new List<Sample>();
                for (var i = worker; DateTimeOffset.UtcNow < stop; i++)
                {
                    var which = i % Requests.Length;
                    var at = DateTimeOffset.UtcNow;
                    var clock = Stopwatch.StartNew();
                    var status = 0;
                    var correct = false;
                    try
                    {
                        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), Dto(Requests[which]));
                        status = (int)response.StatusCode;
                        if (response.IsSuccessStatusCode)
                        {
                            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                            correct = json.RootElement.GetProperty("totalMonthly").GetString() == expected[which];
                        }
                    }
                    catch (HttpRequestException)
                    {
                        status = -1;
                    }
                    catch (TaskCanceledException)
                    {
                        status = -2;
                    }

                    mine.Add(new Sample(at, clock.Elapsed.TotalMilliseconds, status, correct));
                }

                lock (samples)
                {
                    samples.AddRange(mine);
                }
            })).ToList();
            await Task.WhenAll(workers);

            var (syncStart, syncEnd, created) = await WaitForBigSyncAsync(database, TimeSpan.FromMinutes(30));
            Report(samples, syncStart, syncEnd, created);
            return samples.Any(s => s.Status is >= 500 or < 0 || !s.Correct) ? 1 : 0;
        }
        finally
        {
            if (!portal.HasExited)
            {
                portal.Kill(entireProcessTree: true);
                await portal.WaitForExitAsync();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Report(List<Sample> samples, DateTimeOffset syncStart, DateTimeOffset? syncEnd, int created)
    {
        var end = syncEnd ?? DateTimeOffset.MaxValue;
        var during = samples.Where(s => s.At >= syncStart && s.At <= end).ToList();
        var without = samples.Where(s => s.At < syncStart || s.At > end).ToList();
        Console.WriteLine($"requests: {samples.Count}, 5xx: {samples.Count(s => s.Status >= 500)}, failed connections/timeouts: {samples.Count(s => s.Status < 0)}, " +
            $"non-200: {samples.Count(s => s.Status != 200)}, wrong prices: {samples.Count(s => s.Status == 200 && !s.Correct)}");
        Console.WriteLine($"sync: {created} entries created, ran {(syncEnd is { } e ? (e - syncStart).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "past the end of the load")}");
        Console.WriteLine($"| requests | count | p50 ms | p99 ms | max ms |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        Console.WriteLine(Line("without a sync", without));
        Console.WriteLine(Line("during the sync", during));
    }

    private static string Line(string label, List<Sample> samples)
    {
        if (samples.Count == 0)
        {
            return $"| {label} | 0 | | | |";
        }

        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {label} | {sorted.Length} | {P(0.5):0.0} | {P(0.99):0.0} | {sorted[^1]:0.0} |");
    }

    private static async Task<(DateTimeOffset Start, DateTimeOffset? End, int Created)> WaitForBigSyncAsync(string database, TimeSpan timeout)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite($"Data Source={database}").Options;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = new CatalogDbContext(options))
            {
                var runs = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
                var big = runs.FirstOrDefault(r => r.Created > 1000);
                if (big is not null && big.FinishedAt is not null)
                {
                    return (big.StartedAt, big.FinishedAt, big.Created);
                }

                var running = runs.LastOrDefault(r => r.Outcome == Catalog.Model.SyncOutcome.Running);
                if (clock.Elapsed > timeout)
                {
                    return (running?.StartedAt ?? DateTimeOffset.MaxValue, null, 0);
                }
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<string[]> ExpectedTotalsAsync(string database)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite($"Data Source={database}").Options;
        await using var db = new CatalogDbContext(options);
        var snapshot = await CatalogSnapshotStore.LoadAsync(db, DateTimeOffset.UtcNow);
        var calculator = new PriceCalculator();
        return Requests.Select(r =>
        {
            var quote = calculator.Quote(snapshot, r).Quote ?? throw new InvalidOperationException($"{r} cannot be quoted");
            return Currencies.Format(quote.TotalMonthly, quote.Currency);
        }).ToArray();
    }

    /// <summary>The repository's root directory (the one holding Servala.Blazor.sln).</summary>
    internal static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Servala.Blazor.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Servala.Blazor.sln not found above " + AppContext.BaseDirectory);
        }

        return root;
    }

    /// <summary>
    /// The portal of the Release build on <paramref name="database"/>, syncing <paramref name="catalogPath"/> every minute
    /// (the soak's big sync), with the quote rate limit raised; <paramref name="settings"/> are added to, or replace,
    /// those settings.
    /// </summary>
    internal static Process StartPortal(string database, string catalogPath, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var web = Path.Combine(RepositoryRoot(), "Servala.Web", "bin", "Release", "net10.0");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["SERVALA_WEBSITE_URL"] = "file:" + catalogPath,
            ["Portal__Demo"] = "true",
            ["DataProtection__KeysPath"] = Path.Combine(Path.GetDirectoryName(database)!, "keys"),
            ["Api__QuotesPerMinute"] = "1000000000",
            ["Catalog__SyncCron"] = "* * * * *",
            ["Catalog__MaxDocumentBytes"] = "1073741824",
            ["Catalog__ApplyTimeout"] = "00:30:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Harness.StartDll(Path.Combine(web, "Servala.Web.dll"), "portal", [], environment);
    }

    internal static async Task WaitUntilUpAsync(HttpClient http, Process portal)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (portal.HasExited)
            {
                throw new InvalidOperationException($"the portal exited with {portal.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/api/v1/services", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the portal did not come up within 2 minutes");
    }

    internal static async Task<string> ReadDemoCatalogAsync()
    {
        await using var stream = typeof(EmbeddedCatalogSource).Assembly.GetManifestResourceStream(EmbeddedCatalogSource.ResourceName)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>
    /// The demo catalog plus <paramref name="services"/> copies of its first service with <paramref name="plans"/> compute entries each;
    /// <paramref name="priceStep"/> is added to every generated hourly price, so two versions differ in every entry.
    /// </summary>
    internal static string Generate(string demo, int services, int plans, decimal priceStep = 0m)
    {
        var root = JsonNode.Parse(demo)!;
        var list = root["services"]!.AsArray();
        var template = list[0]!.ToJsonString();
        for (var s = 0; s < services; s++)
        {
            var service = JsonNode.Parse(template)!;
            service["slug"] = $"bulk-{s}";
            service["name"] = $"Bulk service {s}";
            service["supportingServices"] = new JsonArray();
            var entries = new JsonArray();
            for (var p = 0; p < plans; p++)
            {
                entries.Add(new JsonObject
                {
                    ["plan"] = $"bulk-plan-{p}",
                    ["vcpu"] = (1 + (p % 16)).ToString(CultureInfo.InvariantCulture),
                    ["ramGib"] = (2 + (p % 32)).ToString(CultureInfo.InvariantCulture),
                    ["hourlyPrice"] = (0.0100m + (s % 7) * 0.0010m + p * 0.0001m + priceStep).ToString(CultureInfo.InvariantCulture),
                    ["productId"] = $"bulk-{s}-{p}",
                });
            }

            service["computePlans"] = entries;
            list.Add(service);
        }

        return root.ToJsonString();
    }

    private static object Dto(QuoteRequest r) => new
    {
        service = r.Service,
        controlPlane = r.ControlPlane,
        plan = r.Plan,
        slaTier = r.SlaTier,
        storageGib = r.StorageGib,
        replicas = r.Replicas,
        supporting = r.Supporting.Select(s => new { service = s.Service, controlPlane = s.ControlPlane, plan = s.Plan, slaTier = s.SlaTier, storageGib = s.StorageGib, replicas = s.Replicas }).ToArray(),
    };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
