using System.Text.Json;
using Microsoft.Data.Sqlite;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Cli;

/// <summary><c>sync-catalog</c>, <c>seed</c> and <c>migrate</c> as an operator runs them: a real process against a loopback website.</summary>
public sealed class SyncCatalogCommandTests : IAsyncLifetime
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
        ["SERVALA_WEBSITE_PASSWORD"] = "s3cret",
        ["Catalog__RetryBaseDelay"] = "00:00:00.010",
    };

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_portal.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task SyncCatalog_FromWebsite_AppliesThenReportsUnchanged()
    {
        var first = await _portal.RunAsync(Website, "sync-catalog");
        var second = await _portal.RunAsync(Website, "sync-catalog", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Sync succeeded", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, Count("select count(*) from ComputePlanEntries where ServiceId = (select Id from Services where Slug = 'postgresql')"));
        Assert.Equal(0, second.ExitCode);
        using var json = JsonDocument.Parse(second.Stdout);
        Assert.Equal("unchanged", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("created").GetInt32());
        Assert.Equal("Basic cG9ydGFsOnMzY3JldA==", _website.Requests.First().Authorization);
    }

    [Fact]
    public async Task SyncCatalog_DryRun_PrintsTheDiffAndWritesNothing()
    {
        await _portal.RunAsync(Website, "sync-catalog");
        _website.Handler = (context, _) => CatalogTestServer.Json(context,
            CatalogJson.With("services[0].computePlans[3].hourlyPrice", "\"0.1700\""));

        var preview = await _portal.RunAsync(Website, "sync-catalog", "--dry-run");

        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("hourlyPrice 0.16 → 0.17", preview.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was written.", preview.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Count("select count(*) from ComputePlanEntries where HourlyPrice like '0.17%'"));
    }

    [Fact]
    public async Task SyncCatalog_ManyChanges_ListsTheFirstFiftyAndCountsTheRestUnlessAllAreAskedFor()
    {
        var source = TestFiles.Path("catalog.sample.json");

        var json = await _portal.RunAsync(null, "sync-catalog", "--source", source, "--dry-run", "--json");
        var text = await _portal.RunAsync(null, "sync-catalog", "--source", source, "--dry-run");
        var all = await _portal.RunAsync(null, "sync-catalog", "--source", source, "--dry-run", "--all-changes");

        using var record = JsonDocument.Parse(json.Stdout);
        var changes = record.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"  + {c.GetProperty("entity").GetString()} {c.GetProperty("key").GetString()}").ToList();
        Assert.True(changes.Count > CliListedChanges, $"the sample catalog's first sync makes {changes.Count} changes");
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(changes.Take(CliListedChanges), ChangeLines(text.Stdout));
        Assert.Contains($"… and {changes.Count - CliListedChanges} more changes (--all-changes lists every one", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(changes, ChangeLines(all.Stdout));
        Assert.DoesNotContain("more changes", all.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Count("select count(*) from ComputePlanEntries"));
    }

    // The limit the command documents in its usage text ("lists the first 50 changes").
    private const int CliListedChanges = 50;

    private static List<string> ChangeLines(string stdout) =>
        stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("  + ", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task SyncCatalog_InvalidDocument_ExitsOneNamingThePathAndWritesNothing()
    {
        _website.Handler = (context, _) => CatalogTestServer.Json(context,
            CatalogJson.With("services[0].computePlans[0].hourlyPrice", "\"0\""));

        var result = await _portal.RunAsync(Website, "sync-catalog");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("services[0].computePlans[0].hourlyPrice", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Count("select count(*) from ComputePlanEntries"));
    }

    [Fact]
    public async Task SyncCatalog_Unauthorized_ExitsOne()
    {
        _website.Handler = (context, _) => CatalogTestServer.Status(context, 401);

        var result = await _portal.RunAsync(Website, "sync-catalog");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("401", result.Stderr, StringComparison.Ordinal);
        Assert.Single(_website.Requests);
    }

    [Fact]
    public async Task SyncCatalog_EmptiedCatalog_IsRefusedWithExitTwoUnlessForced()
    {
        await _portal.RunAsync(Website, "sync-catalog");
        _website.Handler = (context, _) => CatalogTestServer.Json(context, CatalogJson.With("services", "[]"));

        var refused = await _portal.RunAsync(Website, "sync-catalog");
        var liveAfterRefusal = Count("select count(*) from ComputePlanEntries where IsStale = 0");
        var forced = await _portal.RunAsync(Website, "sync-catalog", "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(16, liveAfterRefusal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(0, Count("select count(*) from ComputePlanEntries where IsStale = 0"));
        Assert.Equal(16, Count("select count(*) from ComputePlanEntries"));
    }

    [Theory]
    [InlineData("sync-catalog", "--bogus")]
    [InlineData("sync-catalog", "--source")]
    [InlineData("seed")]
    public async Task Verb_WithBadArguments_ExitsSixtyFourWithUsage(params string[] args)
    {
        var result = await _portal.RunAsync(null, args);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_AfterSync_IsIdempotentAndBadFilesChangeNothing()
    {
        var setup = Path.Combine(_portal.Directory_, "setup.json");
        await File.WriteAllTextAsync(setup, TestFiles.SampleSetup);
        var bad = Path.Combine(_portal.Directory_, "bad.json");
        await File.WriteAllTextAsync(bad, TestFiles.SampleSetup.Replace("\"standard-16\"", "\"gold\"", StringComparison.Ordinal));

        await _portal.RunAsync(null, "sync-catalog", "--source", TestFiles.Path("catalog.sample.json"));
        var rejected = await _portal.RunAsync(null, "seed", "--file", bad);
        var orgsAfterRejection = Count("select count(*) from Organizations");
        var first = await _portal.RunAsync(null, "seed", "--file", setup);
        var assignments = Count("select count(*) from ComputePlanAssignments");
        var second = await _portal.RunAsync(null, "seed", "--file", setup);

        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("unknown plan 'gold'", rejected.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, orgsAfterRejection);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(20, assignments);
        Assert.Equal(assignments, Count("select count(*) from ComputePlanAssignments"));
        Assert.Equal(2, Count("select count(*) from Organizations"));
        Assert.Equal(3, Count("select count(*) from AspNetUsers"));
    }

    [Fact]
    public async Task Migrate_OnEmptyDatabase_CreatesTheSchemaWithTheNoSlaTier()
    {
        var result = await _portal.RunAsync(null, "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, Count("select count(*) from SlaTiers where Code = 'nosla'"));
    }
}
