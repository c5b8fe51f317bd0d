using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Servala.Benchmarks;

/// <summary>
/// <c>POST /api/v1/quotes</c> of the real portal process (Release build, demo catalog) against a bare minimal-API
/// endpoint (<c>floor</c>, its own process) that answers the same bytes: the same closed-loop client drives both,
/// one after the other, and the ratio of their requests/s is the figure. Every portal answer is checked to be the
/// floor's bytes, so a fast wrong answer does not count. Beside it, each server process's CPU time (user and system)
/// over the measured seconds divided by the requests it answered: on a shared machine a steadier figure than the
/// requests/s, which the client's own CPU and other processes move. Usage:
/// <c>quotes [--clients 8] [--seconds 10] [--warmup 3]</c>.
/// </summary>
internal static class QuoteLoad
{
    private const string Body = """{"service":"postgresql","controlPlane":"exoscale-gva2","plan":"standard-8","slaTier":"sla999247","storageGib":50,"replicas":1}""";

    /// <summary>
    /// Hangfire's cron for "never" (<c>Cron.Never()</c>, 31 February). The portal's recurring jobs, the catalog sync
    /// and the control-plane reconcile (each every minute otherwise: the soak's sync, the reconcile's default), are
    /// scheduled so, and do not run while the quote path is measured: each run JIT-compiles and executes EF Core,
    /// Hangfire and JSON code on the same two cores, a cost of the jobs, not of a quote. The portal's first sync (at
    /// start, before any load) still runs; the change poll between nodes (every 2 s) too.
    /// </summary>
    private const string NeverCron = "0 0 31 2 *";

    private static readonly Dictionary<string, string> PortalSettings = new(StringComparer.Ordinal)
    {
        ["Catalog__SyncCron"] = NeverCron,
        ["ControlPlanes__ReconcileCron"] = NeverCron,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = int.Parse(Harness.Option(args, "--clients") ?? "8", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Harness.Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var warmup = double.Parse(Harness.Option(args, "--warmup") ?? "3", CultureInfo.InvariantCulture);

        var directory = Path.Combine(Path.GetTempPath(), "servala-quotes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var catalog = Path.Combine(directory, "catalog.json");
        await File.WriteAllTextAsync(catalog, await QuoteSoak.ReadDemoCatalogAsync());
        var portalPort = QuoteSoak.FreePort();
        using var portal = QuoteSoak.StartPortal(Path.Combine(directory, "portal.db"), catalog, portalPort, PortalSettings);
        Process? floor = null;
        try
        {
            using var http = Client(portalPort, clients);
            await QuoteSoak.WaitUntilUpAsync(http, portal);
            var expected = await PostAsync(http);
            if (expected.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"the portal answered {(int)expected.Status} to the benchmark's quote");
            }

            var answer = Path.Combine(directory, "answer.json");
            await File.WriteAllBytesAsync(answer, expected.Bytes);
            var floorPort = QuoteSoak.FreePort();
            floor = StartFloor(floorPort, answer);
            using var floorHttp = Client(floorPort, clients);
            await WaitForFloorAsync(floorHttp, floor);

            var floorResult = await LoadAsync(floorHttp, floor, expected.Bytes, clients, warmup, seconds);
            var portalResult = await LoadAsync(http, portal, expected.Bytes, clients, warmup, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| bare endpoint (floor) | {clients} | {floorResult.PerSecond:0} | {floorResult.P50:0.00} ms | {floorResult.P99:0.00} ms | {floorResult.Wrong} | {floorResult.CpuPerRequest:0.0} µs | 1.00× |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `POST /api/v1/quotes` | {clients} | {portalResult.PerSecond:0} | {portalResult.P50:0.00} ms | {portalResult.P99:0.00} ms | {portalResult.Wrong} | {portalResult.CpuPerRequest:0.0} µs | {portalResult.PerSecond / floorResult.PerSecond:0.00}× |"));
            return portalResult.Wrong == 0 && portalResult.Requests > 0 && floorResult.Requests > 0 ? 0 : 1;
        }
        finally
        {
            Harness.Stop(floor);
            Harness.Stop(portal);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The floor: a minimal API that reads the request and answers <c>--answer FILE</c>'s bytes as JSON.</summary>
    public static async Task<int> FloorAsync(string[] args)
    {
        var port = Harness.Option(args, "--port") ?? throw new ArgumentException("--port is required");
        var bytes = await File.ReadAllBytesAsync(Harness.Option(args, "--answer") ?? throw new ArgumentException("--answer FILE is required"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/v1/quotes", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync(context.RequestAborted);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }

    /// <param name="CpuPerRequest">The server process's CPU time over the measured seconds per request answered, in µs.</param>
    private sealed record Result(int Requests, double PerSecond, double P50, double P99, int Wrong, double CpuPerRequest);

    /// <summary>Closed loop: each client sends its next request when the last one is answered.</summary>
    private static async Task<Result> LoadAsync(HttpClient http, Process server, byte[] expected, int clients, double warmup, double seconds)
    {
        var start = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
        var stop = start + (long)(seconds * Stopwatch.Frequency);
        var cpu = Task.Run(async () =>
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start));
            server.Refresh();
            var before = server.TotalProcessorTime;
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), stop));
            server.Refresh();
            return server.TotalProcessorTime - before;
        });
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var wrong = 0;
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= stop)
                {
                    return (latencies, wrong);
                }

                var (status, bytes) = await PostAsync(http);
                if (sent >= start)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    if (status != HttpStatusCode.OK || !bytes.AsSpan().SequenceEqual(expected))
                    {
                        wrong++;
                    }
                }
            }
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var serverCpu = await cpu;
        var all = results.SelectMany(r => r.latencies).Order().ToArray();
        return new Result(
            all.Length,
            all.Length / seconds,
            all.Length == 0 ? 0 : all[all.Length / 2],
            all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))],
            results.Sum(r => r.wrong),
            all.Length == 0 ? 0 : serverCpu.TotalMicroseconds / all.Length);
    }

    private static async Task<(HttpStatusCode Status, byte[] Bytes)> PostAsync(HttpClient http)
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/v1/quotes", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static HttpClient Client(int port, int clients) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static Process StartFloor(int port, string answer) =>
        Harness.StartDll(typeof(QuoteLoad).Assembly.Location, "floor", ["floor", "--port", port.ToString(CultureInfo.InvariantCulture), "--answer", answer]);

    private static async Task WaitForFloorAsync(HttpClient http, Process floor)
    {
        for (var i = 0; i < 240; i++)
        {
            if (floor.HasExited)
            {
                throw new InvalidOperationException($"the floor endpoint exited with {floor.ExitCode}");
            }

            try
            {
                await PostAsync(http);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("the floor endpoint did not come up within a minute");
    }
}
