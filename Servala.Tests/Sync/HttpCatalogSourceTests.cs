using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

/// <summary>The website API source against a real loopback server: auth, retries, timeouts.</summary>
public sealed class HttpCatalogSourceTests
{
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task RunAsync_CredentialsRejected_FailsWithoutRetry(int status)
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Status(context, status);
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url, ["Catalog:MaxRetries"] = "3" });
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Single(server.Requests);
        Assert.Contains($"answered {status} ", report.Errors[0], StringComparison.Ordinal);
        Assert.Contains("check Catalog:Username and Catalog:Password", report.Errors[0], StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpCatalogAsync());
    }

    [Fact]
    public async Task RunAsync_ServerErrorThenDocument_RetriesAndSucceeds()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, number) => number == 1
            ? CatalogTestServer.Status(context, 500)
            : CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.StartsWith("Basic ", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ConnectionDroppedThenDocument_RetriesAndSucceeds()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, number) =>
        {
            if (number == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        };
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_ServerKeepsFailing_GivesUpAfterMaxRetries()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Status(context, 503);
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url, ["Catalog:MaxRetries"] = "2" });
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("answered 503", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpCatalogAsync());
    }

    [Fact]
    public async Task RunAsync_NoRetriesConfigured_TriesOnce()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Status(context, 502);
        // No retries and no delay: the fetch's total limit would equal one attempt's, which the pipeline refuses unless adjusted.
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url, ["Catalog:MaxRetries"] = "0", ["Catalog:RetryBaseDelay"] = "00:00:00" });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task RunAsync_ServerNeverAnswers_TimesOutAndWritesNothing()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => server.Stall(context);
        // Long enough for a loaded machine to open the second attempt's connection within it (both attempts must reach the server).
        await using var harness = new SyncHarness(new Dictionary<string, string?>
        {
            ["Catalog:WebsiteUrl"] = server.Url,
            ["Catalog:HttpTimeout"] = "00:00:01",
            ["Catalog:MaxRetries"] = "1",
        });
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Contains("timed out", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(before, await harness.DumpCatalogAsync());
        Assert.Equal(0, harness.SnapshotReloads);
    }

    [Fact]
    public async Task RunAsync_Cancelled_RecordsTheRunAndThrows()
    {
        await using var server = await CatalogTestServer.StartAsync();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = (context, _) =>
        {
            arrived.TrySetResult();
            return server.Stall(context);
        };
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        using var cancel = new CancellationTokenSource();

        var run = harness.Sync.RunAsync(new SyncRequest(), cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await using var db = harness.Db.CreateContext();
        var recorded = Assert.Single(db.SyncRuns);
        Assert.Equal(SyncOutcome.Failed, recorded.Outcome);
        Assert.Equal(["The sync was cancelled."], recorded.Errors);
    }

    [Fact]
    public async Task RunAsync_UrlWithCredentials_StoresTheSourceWithoutThemWhileRunning()
    {
        await using var server = await CatalogTestServer.StartAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = (context, _) =>
        {
            asked.TrySetResult();
            return server.Stall(context);
        };
        var withCredentials = server.Url.Replace("http://", "http://portal:Url-Secret-42@", StringComparison.Ordinal);
        await using var harness = new SyncHarness(new Dictionary<string, string?>
        {
            ["Catalog:WebsiteUrl"] = withCredentials,
            ["Catalog:HttpTimeout"] = "00:00:01",
            ["Catalog:MaxRetries"] = "0",
            ["Catalog:RetryBaseDelay"] = "00:00:00",
        });

        var run = harness.RunAsync(new SyncRequest());
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var db = harness.Db.CreateContext())
        {
            var running = Assert.Single(db.SyncRuns.AsNoTracking().ToList());
            Assert.Equal(SyncOutcome.Running, running.Outcome);
            Assert.DoesNotContain("Url-Secret-42", running.Source, StringComparison.Ordinal);
        }

        var report = await run;
        Assert.DoesNotContain("Url-Secret-42", report.Run.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Errors, e => e.Contains("Url-Secret-42", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "embedded:demo")]
    [InlineData(" ", "embedded:demo")]
    [InlineData("https://servala.example/", "https://servala.example/")]
    [InlineData("https://user:secret@servala.example/api", "https://servala.example/api")]
    [InlineData("http://user:p@ss@127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("https://user:secret@not a host/", "https://not a host/")]
    [InlineData("/data/catalog.json", "/data/catalog.json")]
    [InlineData("file:/data/a@b.json", "file:/data/a@b.json")]
    public void Describe_Location_NeverKeepsCredentials(string? location, string expected)
    {
        Assert.Equal(expected, CatalogSourceResolver.Describe(location));
    }

    [Theory]
    [InlineData(null, typeof(EmbeddedCatalogSource), "embedded:demo")]
    [InlineData("", typeof(EmbeddedCatalogSource), "embedded:demo")]
    [InlineData("https://servala.example", typeof(HttpCatalogSource), "https://servala.example/api/v1/catalog")]
    [InlineData("http://127.0.0.1:5000/", typeof(HttpCatalogSource), "http://127.0.0.1:5000/api/v1/catalog")]
    [InlineData("file:/data/catalog.json", typeof(FileCatalogSource), "file:/data/catalog.json")]
    [InlineData("file:///data/catalog.json", typeof(FileCatalogSource), "file:/data/catalog.json")]
    [InlineData("/data/catalog.json", typeof(FileCatalogSource), "file:/data/catalog.json")]
    public void Resolve_Location_PicksTheSource(string? location, Type expectedType, string expectedName)
    {
        var resolver = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddCatalogSync().BuildServiceProvider().GetRequiredService<CatalogSourceResolver>();

        var source = resolver.Resolve(location);

        Assert.IsType(expectedType, source);
        Assert.Equal(expectedName, source.Name);
    }

    [Theory]
    [InlineData("Catalog:MaxStaleFraction", "1.5", "MaxStaleFraction")]
    [InlineData("Catalog:MaxStaleFraction", "-0.1", "MaxStaleFraction")]
    [InlineData("Catalog:MaxRetries", "11", "MaxRetries")]
    [InlineData("Catalog:HttpTimeout", "00:00:00", "HttpTimeout")]
    [InlineData("Catalog:RetryBaseDelay", "00:05:00", "RetryBaseDelay")]
    [InlineData("Catalog:WebsiteUrl", "ftp://servala.example", "WebsiteUrl")]
    public void Options_InvalidSetting_FailsValidationNamingTheKey(string key, string value, string member)
    {
        var provider = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build())
            .AddCatalogSync().BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value);

        Assert.Contains(member, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:30", "3", "00:00:01", "00:05:00", 4 * 30 + 8, 4 * 30 + 8 + 300)]
    [InlineData("00:00:00.500", "1", "00:00:00.050", "00:00:03", 1.1, 4.1)]
    [InlineData("00:00:02", "0", "00:00:00", "00:00:01", 2, 3)]
    public void Options_RunTimeout_IsTheDocumentedFormula(string httpTimeout, string maxRetries, string retryBaseDelay, string applyTimeout, double fetchSeconds, double runSeconds)
    {
        var provider = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Catalog:HttpTimeout"] = httpTimeout,
                ["Catalog:MaxRetries"] = maxRetries,
                ["Catalog:RetryBaseDelay"] = retryBaseDelay,
                ["Catalog:ApplyTimeout"] = applyTimeout,
            }).Build())
            .AddCatalogSync().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(fetchSeconds), options.FetchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(runSeconds), options.RunTimeout);
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        var provider = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddCatalogSync().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value;

        Assert.Equal((0.5m, TimeSpan.FromSeconds(30), 3, TimeSpan.FromSeconds(1)), (options.MaxStaleFraction, options.HttpTimeout, options.MaxRetries, options.RetryBaseDelay));
    }
}
