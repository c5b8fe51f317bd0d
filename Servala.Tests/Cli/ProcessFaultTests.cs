using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Cli;

/// <summary>
/// Faults only a real process shows: a website that stalls mid-body, two syncs started at once, and the
/// program killed with SIGKILL inside its write transaction. The moment to kill is found from outside,
/// on the database file: the run recorded as running and the write lock held for over a second.
/// </summary>
public sealed class ProcessFaultTests : IAsyncLifetime
{
    private readonly PortalProcess _portal = new();
    private CatalogTestServer _website = null!;

    public async Task InitializeAsync() => _website = await CatalogTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _website.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _portal.Dispose();
    }

    private Dictionary<string, string> Website => new()
    {
        ["SERVALA_WEBSITE_URL"] = _website.Url,
        ["SERVALA_WEBSITE_USERNAME"] = "portal",
        ["SERVALA_WEBSITE_PASSWORD"] = "s3cret-Pa55",
        ["Catalog__RetryBaseDelay"] = "00:00:00.010",
        ["Catalog__MaxDocumentBytes"] = "268435456",
        // Logs to stderr, so that stdout is only what the verb prints.
        ["Logging__Console__LogToStandardErrorThreshold"] = "Trace",
    };

    [Fact]
    public async Task SyncCatalog_WebsiteSendsHeadersThenStalls_ExitsOneWithinItsBound()
    {
        _website.Handler = (context, _) => _website.HeadersThenStall(context);
        var settings = new Dictionary<string, string>(Website)
        {
            ["Catalog__HttpTimeout"] = "00:00:01",
            ["Catalog__MaxRetries"] = "1",
            ["Catalog__ApplyTimeout"] = "00:00:02",
        };
        // (1 + 1) × 1 s + 0.01 s × 2^1 + 2 s
        var bound = TimeSpan.FromSeconds(4.02);

        var clock = Stopwatch.StartNew();
        var result = await _portal.RunAsync(settings, "sync-catalog", "--json");
        var elapsed = clock.Elapsed;

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out: no complete document within", result.Stderr, StringComparison.Ordinal);
        using var run = JsonDocument.Parse(result.Stdout);
        var duration = run.RootElement.GetProperty("finishedAt").GetDateTimeOffset() - run.RootElement.GetProperty("startedAt").GetDateTimeOffset();
        // The formula bounds the waits; the run's own work (recording, rolling back) comes on top and takes
        // longer on a loaded machine. Without the body limit the run would never end at all.
        var allowance = TimeSpan.FromSeconds(5);
        Assert.True(duration < bound + allowance, $"the run took {duration}, more than its bound {bound} (+{allowance} for the run's own work)");
        // Start-up and migrations come on top of the run itself.
        Assert.True(elapsed < bound + TimeSpan.FromSeconds(30), $"the process took {elapsed}");
        Assert.Equal(2, _website.Requests.Count);
        Assert.DoesNotContain("s3cret-Pa55", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Count("select count(*) from SyncRuns where Outcome = 'Running'"));
    }

    [Fact]
    public async Task SyncCatalog_TwoStartedAtOnce_OneRunsTheOtherIsToldWithExitThree()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _website.Handler = async (context, number) =>
        {
            if (number == 1)
            {
                firstArrived.TrySetResult();
                await release.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            await CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        };
        await _portal.RunAsync(null, "migrate");

        using var first = _portal.Start(Website, "sync-catalog");
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var second = await _portal.RunAsync(Website, "sync-catalog");
        release.SetResult();
        var firstResult = await first.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, second.ExitCode);
        Assert.Matches(@"Another sync \(run #1, started .* UTC by cli\) is running; this run did nothing", second.Stderr);
        Assert.True(firstResult.ExitCode == 0, firstResult.Stderr);
        Assert.Single(_website.Requests);
        Assert.Equal(1, Count("select count(*) from SyncRuns where Id = 1 and Outcome = 'Succeeded'"));
        Assert.Equal(1, Count("select count(*) from SyncRuns where Id = 2 and Outcome = 'Skipped' and json_extract(Errors, '$[0]') like 'Another sync (run #1%' and json_array_length(Errors) = 1"));
    }

    [Fact]
    public async Task SyncCatalog_KilledInsideItsTransaction_LeavesTheCatalogIntactAndTheRunMarkedFailed()
    {
        var large = Path.Combine(_portal.Directory_, "large.json");
        await File.WriteAllTextAsync(large, LargeCatalog.Generate(services: 100, plansPerService: 1000));
        var first = await _portal.RunAsync(Website, "sync-catalog");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var before = CatalogChecksum.Of(_portal.DatabasePath);

        using (var sync = _portal.Start(Website, "sync-catalog", "--source", large))
        {
            await WaitInsideWriteTransactionAsync(sync.Process, "select count(*) from SyncRuns where Outcome = 'Running'");
            await sync.KillAsync();
        }

        Assert.Equal(1, Count("select count(*) from SyncRuns where Outcome = 'Running'"));
        Assert.Equal(before, CatalogChecksum.Of(_portal.DatabasePath));

        _website.Handler = (context, _) => CatalogTestServer.Json(context, CatalogJson.With("services[0].computePlans[3].hourlyPrice", "\"0.1700\""));
        var next = await _portal.RunAsync(Website, "sync-catalog");

        Assert.True(next.ExitCode == 0, next.Stderr);
        Assert.Equal(0, Count("select count(*) from SyncRuns where Outcome = 'Running'"));
        Assert.Equal(1, Count("select count(*) from SyncRuns where Id = 2 and Outcome = 'Failed' and json_extract(Errors, '$[0]') like 'The run was interrupted: the process running it (%) ended before the run finished.%' and FinishedAt is not null"));
        Assert.Equal(1, Count("select count(*) from ComputePlanEntries where HourlyPrice like '0.17%'"));
        Assert.Equal(0, Count("select count(*) from Services where Slug like 'bulk-%'"));
    }

    [Fact]
    public async Task Seed_KilledInsideItsTransaction_LeavesEverythingAsItWas()
    {
        var sync = await _portal.RunAsync(null, "sync-catalog", "--source", TestFiles.Path("catalog.sample.json"));
        Assert.True(sync.ExitCode == 0, sync.Stderr);
        var large = Path.Combine(_portal.Directory_, "large-setup.json");
        await File.WriteAllTextAsync(large, LargeSetup(organizations: 60_000));
        var before = CatalogChecksum.Of(_portal.DatabasePath);

        using (var seed = _portal.Start(null, "seed", "--file", large))
        {
            await WaitInsideWriteTransactionAsync(seed.Process, "select count(*) from SyncRuns");
            await seed.KillAsync();
        }

        Assert.Equal(before, CatalogChecksum.Of(_portal.DatabasePath));
        Assert.Equal(0, Count("select count(*) from Organizations"));

        var setup = Path.Combine(_portal.Directory_, "setup.json");
        await File.WriteAllTextAsync(setup, TestFiles.SampleSetup);
        var next = await _portal.RunAsync(null, "seed", "--file", setup);
        Assert.True(next.ExitCode == 0, next.Stderr);
        Assert.Equal(2, Count("select count(*) from Organizations"));
    }

    /// <summary>
    /// Waits until <paramref name="process"/> has held the database's write lock for over a second (the
    /// long write, not a short bookkeeping one), then returns at once.
    /// </summary>
    private async Task WaitInsideWriteTransactionAsync(Process process, string readySql)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(process.HasExited, "the program finished before it could be killed inside its transaction");
            if (TryCount(readySql) > 0 && WriteLockHeldForASecond())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the program never held the write lock for a second");
    }

    private bool WriteLockHeldForASecond()
    {
        using var connection = new SqliteConnection($"Data Source={_portal.DatabasePath};Pooling=False;Default Timeout=1");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "begin immediate";
        try
        {
            begin.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return true;
        }

        using var rollback = connection.CreateCommand();
        rollback.CommandText = "rollback";
        rollback.ExecuteNonQuery();
        return false;
    }

    private long TryCount(string sql)
    {
        try
        {
            return Count(sql);
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_portal.DatabasePath};Pooling=False;Default Timeout=5");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static string LargeSetup(int organizations)
    {
        var setup = System.Text.Json.Nodes.JsonNode.Parse(TestFiles.SampleSetup)!;
        setup["users"] = new System.Text.Json.Nodes.JsonArray();
        var list = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i < organizations; i++)
        {
            list.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["slug"] = $"org-{i}",
                ["name"] = $"Organization {i}",
                ["namespace"] = $"org-ns-{i}",
                ["salesOrderId"] = $"S{i}",
            });
        }

        setup["organizations"] = list;
        return setup.ToJsonString();
    }
}
