using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Servala.Catalog;
using Servala.Catalog.Data;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;

namespace Servala.Benchmarks;

/// <summary>
/// What a live price preview costs: one quote per keystroke, the catalog page's "from" prices,
/// and rebuilding the snapshot after a sync. Runs on the bundled demo catalog in a SQLite file.
/// </summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private readonly PriceCalculator _calculator = new();
    private readonly QuoteRequest _workedExample = new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1);
    private readonly QuoteRequest _withSupporting = new("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1)
    {
        Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)],
    };

    private string _directory = "";
    private IDbContextFactory<CatalogDbContext> _factory = null!;
    private CatalogSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "servala-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContextFactory<CatalogDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_directory, "bench.db")}"))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<CatalogSnapshotStore>()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddCatalogSync();
        var provider = services.BuildServiceProvider();
        _factory = provider.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        using (var db = _factory.CreateDbContext())
        {
            db.Database.Migrate();
        }

        provider.GetRequiredService<CatalogSyncService>().RunAsync(new SyncRequest()).GetAwaiter().GetResult();
        var setup = Servala.Catalog.Setup.SetupFile.Parse(DemoData.SetupJson);
        new Servala.Catalog.Setup.SetupApplier(_factory).ApplyAsync(setup, new NoUsers()).GetAwaiter().GetResult();
        _snapshot = provider.GetRequiredService<CatalogSnapshotStore>().ReloadAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Quote: worked example (graduated, SLA, CSP)")]
    public decimal QuoteWorkedExample() => _calculator.Quote(_snapshot, _workedExample).Quote!.TotalMonthly;

    [Benchmark(Description = "Quote: Nextcloud with Collabora")]
    public decimal QuoteWithSupporting() => _calculator.Quote(_snapshot, _withSupporting).Quote!.TotalMonthly;

    [Benchmark(Description = "From prices of every listed service")]
    public int FromPrices() => _snapshot.Services.Keys.Count(slug => _calculator.FromPrice(_snapshot, slug) is not null);

    [Benchmark(Description = "Snapshot rebuild from SQLite")]
    public async Task<CatalogSnapshot> LoadSnapshot()
    {
        await using var db = await _factory.CreateDbContextAsync();
        return await CatalogSnapshotStore.LoadAsync(db, DateTimeOffset.UnixEpoch);
    }

    private sealed class NoUsers : Servala.Catalog.Setup.IUserDirectory
    {
        public Task<Servala.Catalog.Setup.AccountOrigin> FindAsync(string email, CancellationToken cancellationToken) =>
            Task.FromResult(Servala.Catalog.Setup.AccountOrigin.None);

        public Task<Servala.Catalog.Setup.EnsuredUser> EnsureUserAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
            Task.FromResult(new Servala.Catalog.Setup.EnsuredUser("bench-" + email, Servala.Catalog.Setup.SetupChange.Created));

        public Task<IReadOnlyList<Violation>> CheckUserAsync(string email, string password, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Violation>>([]);
    }
}
