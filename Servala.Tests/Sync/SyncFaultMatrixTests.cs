using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Web.Cli;

namespace Servala.Tests.Sync;

/// <summary>
/// The sync's promises under real faults served by the loopback website. For every row: the run ends
/// within its documented bound (<see cref="CatalogSyncOptions.RunTimeout"/>), its exit code and recorded
/// run say what went wrong, every catalog table is byte-for-byte what it was, and the next good sync works.
/// </summary>
public sealed class SyncFaultMatrixTests
{
    /// <summary>Small limits so that timeouts are quick: fetch bound 2 × 0.5 s + 0.05 s × 2 = 1.1 s, run bound 4.1 s.</summary>
    private static readonly Dictionary<string, string?> FastLimits = new()
    {
        ["Catalog:HttpTimeout"] = "00:00:00.500",
        ["Catalog:MaxRetries"] = "1",
        ["Catalog:RetryBaseDelay"] = "00:00:00.050",
        ["Catalog:ApplyTimeout"] = "00:00:03",
    };

    private sealed record Fault(
        Func<CatalogTestServer, Func<HttpContext, int, Task>> Handler,
        string Error,
        int ExitCode = CliCommands.Failed,
        string? Location = null,
        Dictionary<string, string?>? Settings = null);

    private static string Doc(string path, string json) => CatalogJson.With(path, json);

    private static Func<CatalogTestServer, Func<HttpContext, int, Task>> Always(Func<HttpContext, Task> respond) => _ => (context, _) => respond(context);

    private static Func<CatalogTestServer, Func<HttpContext, int, Task>> Serve(string json) => Always(context => CatalogTestServer.Json(context, json));

    private static readonly Dictionary<string, Fault> Faults = new(StringComparer.Ordinal)
    {
        ["http-401"] = new(Always(c => CatalogTestServer.Status(c, 401)), "answered 401 Unauthorized: check Catalog:Username and Catalog:Password"),
        ["http-403"] = new(Always(c => CatalogTestServer.Status(c, 403)), "answered 403 Forbidden: check Catalog:Username and Catalog:Password"),
        ["http-404"] = new(Always(c => CatalogTestServer.Status(c, 404)), "answered 404 Not Found"),
        ["http-500"] = new(Always(c => CatalogTestServer.Status(c, 500)), "answered 500 Internal Server Error"),
        ["http-429-retry-after-an-hour"] = new(Always(RetryAfterAnHour), "answered 429 and asks to retry after 3600 s, longer than the whole fetch may take (1.1 s); not waiting"),
        ["connection-refused"] = new(Serve(TestFiles.SampleCatalog), "could not connect", Location: ClosedPortUrl()),
        ["dns-does-not-resolve"] = new(Serve(TestFiles.SampleCatalog), "the host name catalog.invalid does not resolve", Location: "http://catalog.invalid"),
        ["headers-then-stalled-body"] = new(server => (c, _) => server.HeadersThenStall(c), "timed out: no complete document within"),
        ["body-trickles-forever"] = new(server => (c, _) => server.Trickle(c), "timed out: no complete document within"),
        ["truncated-json-connection-closed"] = new(Always(c => CatalogTestServer.Truncated(c, TestFiles.SampleCatalog)), "the connection"),
        ["corrupt-gzip"] = new(Always(c => CatalogTestServer.Raw(c, CorruptGzip(), "application/json", "gzip")), "could not be decompressed"),
        ["html-error-page-200"] = new(Always(c => CatalogTestServer.Raw(c, "<html><body><h1>Maintenance</h1></body></html>"u8.ToArray(), "text/html")), "answered 200 with content type text/html, not application/json"),
        ["wrong-content-type"] = new(Always(c => CatalogTestServer.Raw(c, Encoding.UTF8.GetBytes(TestFiles.SampleCatalog), "text/plain")), "with content type text/plain, not application/json"),
        ["empty-body"] = new(Serve(""), "The catalog document is empty."),
        ["empty-object"] = new(Serve("{}"), "schemaVersion: is required"),
        ["schema-version-2"] = new(Serve(Doc("schemaVersion", "2")), "schemaVersion: must be 1 (got 2)"),
        ["duplicate-json-keys"] = new(Serve(TestFiles.SampleCatalog.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 1, \"schemaVersion\": 1", StringComparison.Ordinal)), "not valid JSON: Duplicate"),
        ["nan"] = new(Serve(Doc("services[0].computePlans[0].hourlyPrice", "\"NaN\"")), "services[0].computePlans[0].hourlyPrice: must be a decimal in plain notation"),
        ["infinity"] = new(Serve(Doc("services[0].pricing.baseFeeMonthly", "\"Infinity\"")), "services[0].pricing.baseFeeMonthly: must be a decimal in plain notation"),
        ["exponent-decimal"] = new(Serve(Doc("services[0].computePlans[0].hourlyPrice", "\"1e-3\"")), "services[0].computePlans[0].hourlyPrice: must be a decimal in plain notation"),
        ["30-digit-decimal"] = new(Serve(Doc("services[0].computePlans[0].hourlyPrice", "\"0.123456789012345678901234567890\"")), "services[0].computePlans[0].hourlyPrice: has 30 significant digits; at most 28 are allowed"),
        ["negative-price"] = new(Serve(Doc("services[0].pricing.baseFeeMonthly", "\"-10.00\"")), "services[0].pricing.baseFeeMonthly: must be >= 0"),
        ["zero-hourly-price"] = new(Serve(Doc("services[0].computePlans[0].hourlyPrice", "\"0\"")), "services[0].computePlans[0].hourlyPrice: must be > 0"),
        ["overlapping-brackets"] = new(Serve(Doc("services[0].discountBrackets[1].minUnits", "\"4\"")), "services[0].discountBrackets[1].minUnits: must equal the previous bracket's maxUnits (8)"),
        ["gapped-brackets"] = new(Serve(Doc("services[0].discountBrackets[1].minUnits", "\"10\"")), "services[0].discountBrackets[1].minUnits: must equal the previous bracket's maxUnits (8)"),
        ["unknown-tier-reference"] = new(Serve(Doc("services[0].slaSurcharges[0].slaTier", "\"gold\"")), "services[0].slaSurcharges[0].slaTier: unknown SLA tier 'gold'"),
        ["deeply-nested-json"] = new(Serve(TestFiles.SampleCatalog.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 1, \"deep\": " + new string('[', 5000) + new string(']', 5000), StringComparison.Ordinal)), "maximum configured depth of 64"),
        ["50-mb-document"] = new(Always(FiftyMegabytes), "larger than Catalog:MaxDocumentBytes (16777216 bytes); it was not read"),
        ["50-mb-document-declared"] = new(Always(FiftyMegabytesDeclared), "declares 52428800 bytes than Catalog:MaxDocumentBytes"),
    };

    public static TheoryData<string> FaultNames => new(Faults.Keys);

    [Theory]
    [MemberData(nameof(FaultNames))]
    public async Task RunAsync_Fault_EndsWithinBoundSaysWhatWentWrongChangesNothingAndNextSyncWorks(string name)
    {
        var fault = Faults[name];
        await using var server = await CatalogTestServer.StartAsync();
        var settings = new Dictionary<string, string?>(FastLimits) { ["Catalog:WebsiteUrl"] = server.Url };
        foreach (var (key, value) in fault.Settings ?? [])
        {
            settings[key] = value;
        }

        await using var harness = new SyncHarness(settings);
        var bound = harness.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.RunTimeout;
        await SyncSampleFromFileAsync(harness);
        var before = CatalogChecksum.Of(harness.Db.Path);
        harness.Clock.Advance(TimeSpan.FromHours(1));

        server.Handler = fault.Handler(server);
        var clock = Stopwatch.StartNew();
        var report = await harness.RunAsync(new SyncRequest(Source: fault.Location));
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < bound, $"{name}: the run took {elapsed}, more than its bound {bound}");
        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Equal(fault.ExitCode, CliCommands.ExitCode(report));
        var errors = string.Join('\n', report.Errors);
        Assert.True(errors.Contains(fault.Error, StringComparison.Ordinal), $"{name}: expected \"{fault.Error}\" in: {errors}");
        Assert.DoesNotContain("s3cret", string.Join('\n', report.Errors), StringComparison.Ordinal);
        await using (var db = harness.Db.CreateContext())
        {
            var recorded = await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == report.Run.Id);
            Assert.Equal(SyncOutcome.Failed, recorded.Outcome);
            Assert.Equal(report.Run.Errors, recorded.Errors);
            Assert.NotNull(recorded.FinishedAt);
        }

        Assert.Equal(before, CatalogChecksum.Of(harness.Db.Path));

        server.Handler = (context, _) => CatalogTestServer.Json(context, Doc("services[0].computePlans[3].hourlyPrice", "\"0.1700\""));
        var next = await harness.RunAsync(new SyncRequest());
        Assert.True(next.Outcome == SyncOutcome.Succeeded, string.Join("\n", next.Run.Errors));
        Assert.NotEqual(before, CatalogChecksum.Of(harness.Db.Path));
    }

    [Fact]
    public async Task RunAsync_ServiceUnavailableTwiceThenDocument_RetriesAndSucceeds()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, number) => number <= 2
            ? CatalogTestServer.Status(context, 503)
            : CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        await using var harness = new SyncHarness(new Dictionary<string, string?>(FastLimits) { ["Catalog:WebsiteUrl"] = server.Url, ["Catalog:MaxRetries"] = "2" });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_WaitsAsToldAndSucceeds()
    {
        await using var server = await CatalogTestServer.StartAsync();
        var arrivals = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        server.Handler = (context, number) =>
        {
            lock (arrivals)
            {
                arrivals.Add(clock.Elapsed);
            }

            if (number == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return CatalogTestServer.Status(context, 429);
            }

            return CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        };
        await using var harness = new SyncHarness(new Dictionary<string, string?>(FastLimits)
        {
            ["Catalog:WebsiteUrl"] = server.Url,
            ["Catalog:HttpTimeout"] = "00:00:02",
        });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, arrivals.Count);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(0.95), $"retried after {arrivals[1] - arrivals[0]}, before the Retry-After of 1 s");
    }

    [Fact]
    public async Task RunAsync_WouldStaleNinetyPercent_IsRefusedUnlessForced()
    {
        await using var server = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness(new Dictionary<string, string?>(FastLimits) { ["Catalog:WebsiteUrl"] = server.Url });
        await SyncSampleFromFileAsync(harness);
        var before = CatalogChecksum.Of(harness.Db.Path);
        // Keep the tiers and one small service: most entries of the sample would go stale.
        var tenPercent = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[4]", null), ("services[3]", null), ("services[2]", null), ("services[0]", null),
            ("services[0].computePlans[3]", null), ("services[0].computePlans[2]", null), ("services[0].computePlans[1]", null),
            ("services[0].discountBrackets", "[]"), ("services[0].components", "[]"), ("services[0].slaSurcharges", "[]"), ("slaTiers[2]", null), ("slaTiers[1]", null));
        server.Handler = (context, _) => CatalogTestServer.Json(context, tenPercent);

        var refused = await harness.RunAsync(new SyncRequest());
        var afterRefusal = CatalogChecksum.Of(harness.Db.Path);
        var forced = await harness.RunAsync(new SyncRequest(Force: true));

        Assert.Equal(SyncOutcome.Refused, refused.Outcome);
        Assert.Equal(CliCommands.Refused, CliCommands.ExitCode(refused));
        Assert.True(refused.Run.Staled >= 0.9m * (refused.Run.Staled + refused.Run.Unchanged), $"{refused.Run.Staled} staled of {refused.Run.Staled + refused.Run.Unchanged}");
        Assert.Contains("more than Catalog:MaxStaleFraction (0.5)", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.Equal(before, afterRefusal);
        Assert.Equal(SyncOutcome.Succeeded, forced.Outcome);
        Assert.Equal(CliCommands.Ok, CliCommands.ExitCode(forced));
    }

    private static Task RetryAfterAnHour(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "3600";
        return CatalogTestServer.Status(context, 429);
    }

    private static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private static byte[] CorruptGzip()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(TestFiles.SampleCatalog));
        }

        var bytes = buffer.ToArray();
        for (var i = 20; i < bytes.Length - 8; i += 7)
        {
            bytes[i] ^= 0x5A;
        }

        return bytes;
    }

    private static Task FiftyMegabytes(HttpContext context) => WriteFiftyMegabytesAsync(context);

    private static Task FiftyMegabytesDeclared(HttpContext context)
    {
        context.Response.ContentLength = 50L << 20;
        return WriteFiftyMegabytesAsync(context);
    }

    /// <summary>A well-formed start, then 50 MB of padding in 64 KB writes, stopping when the client hangs up.</summary>
    private static async Task WriteFiftyMegabytesAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        long written = 0;
        try
        {
            while (written < 50L << 20 && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                written += chunk.Length;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client stopped reading, as it should.
        }

    }

    /// <summary>
    /// Syncs the sample catalog from a file, the state the runs under test start from. Not over HTTP: the fast HTTP
    /// limits are for the runs under test, and the first request of a cold test process (a loaded machine starting
    /// other tests beside it) may well take longer than they allow.
    /// </summary>
    private static async Task SyncSampleFromFileAsync(SyncHarness harness)
    {
        var seed = Path.Combine(Path.GetDirectoryName(harness.Db.Path)!, "seed.json");
        await File.WriteAllTextAsync(seed, TestFiles.SampleCatalog);
        var first = await harness.RunAsync(new SyncRequest(Source: seed));
        Assert.True(first.Outcome == SyncOutcome.Succeeded, string.Join("\n", first.Run.Errors));
    }
}
