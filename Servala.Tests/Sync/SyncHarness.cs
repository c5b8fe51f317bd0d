using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Servala.Catalog.Data;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

/// <summary>
/// The sync wired the way the host wires it (<see cref="SyncServiceCollectionExtensions.AddCatalogSync"/>)
/// over a real migrated SQLite file, a settable clock and a log that tests can wait on.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public SyncHarness(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Catalog:Username"] = "portal",
                ["Catalog:Password"] = "s3cret",
                ["Catalog:RetryBaseDelay"] = "00:00:00.001",
                ["Catalog:HttpTimeout"] = "00:00:10",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(Db.Factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<CatalogSnapshotStore>();
        services.AddCatalogSync();
        _provider = services.BuildServiceProvider(validateScopes: true);

        Sync = _provider.GetRequiredService<CatalogSyncService>();
        Snapshots = _provider.GetRequiredService<CatalogSnapshotStore>();
        Snapshots.Changed += _ => Interlocked.Increment(ref _reloads);
    }

    private int _reloads;

    public TestDatabase Db { get; } = new();

    public TestClock Clock { get; } = new(Start);

    public LogCapture Log { get; } = new();

    public CatalogSyncService Sync { get; }

    public CatalogSnapshotStore Snapshots { get; }

    public int SnapshotReloads => Volatile.Read(ref _reloads);

    public T GetRequiredService<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs a sync with a 30 s guard so a hang fails the test instead of the run.</summary>
    public async Task<SyncReport> RunAsync(SyncRequest request)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Sync.RunAsync(request, guard.Token);
    }

    /// <summary>Writes <paramref name="json"/> to a file in the database's folder and returns a <c>file:</c> location.</summary>
    public string WriteCatalogFile(string json, string name = "catalog.json")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Db.Path)!, name);
        File.WriteAllText(path, json);
        return "file:" + path;
    }

    /// <summary>Every catalog row as text (stale ones included), to prove a run wrote nothing.</summary>
    public async Task<string> DumpCatalogAsync(bool includeSyncTimes = true)
    {
        await using var db = Db.CreateContext();
        var lines = new List<string>();
        void Add<T>(IEnumerable<T> rows, Func<T, string> text) => lines.AddRange(rows.Select(text).Order(StringComparer.Ordinal));
        string Times(Catalog.Model.SyncedEntity e) => $"{e.IsStale}|{(includeSyncTimes ? e.LastSyncedAt : default)}";

        Add(await db.Services.AsNoTracking().ToListAsync(), s => $"service {s.Slug}|{s.Name}|{s.Category}|{s.Listed}|{s.SupportingServiceSlugs}");
        Add(await db.ComputePlans.AsNoTracking().ToListAsync(), p => $"plan {p.Code}");
        Add(await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().ToListAsync(), t => $"tier {t.Code}|{t.Name}|{t.UptimePercent}|{t.HaReplicaMin}|{t.ServiceLevel}|{t.SortOrder}|{Times(t)}");
        Add(await db.PricingConfigs.IgnoreQueryFilters().AsNoTracking().ToListAsync(), p => $"pricing {p.ServiceId}|{p.Currency}|{p.BaseFeeMonthly}|{p.BillingUnit}|{p.MinimumUnits}|{p.DiscountMode}|{p.ProductId}|{Times(p)}");
        Add(await db.SlaSurcharges.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"surcharge {x.ServiceId}|{x.SlaTierId}|{x.AmountMonthly}|{x.ProductId}|{Times(x)}");
        Add(await db.ComputePlanEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"entry {x.ServiceId}|{x.ComputePlanId}|{x.Name}|{x.Vcpu}|{x.RamGib}|{x.HourlyPrice}|{x.ProductId}|{Times(x)}");
        Add(await db.StorageEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"storage {x.ServiceId}|{x.PricePerGibMonth}|{x.ProductId}|{x.MinGib}|{x.MaxGib}|{x.StepGib}|{Times(x)}");
        Add(await db.DiscountBrackets.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"bracket {x.ServiceId}|{x.MinUnits}|{x.MaxUnits}|{x.DiscountPercent}|{Times(x)}");
        Add(await db.ComponentSpecs.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"component {x.ServiceId}|{x.Key}|{x.Product}|{x.ProductId}|{x.ValuePath}|{x.Unit}|{x.MultiplyByPath}|{x.Position}|{Times(x)}");
        Add(await db.CspResources.IgnoreQueryFilters().AsNoTracking().ToListAsync(), x => $"csp {x.ServiceId}|{x.Code}|{x.CloudProviderCode}|{x.Name}|{x.AmountMonthly}|{x.QuantityBasis}|{x.ProductId}|{Times(x)}");
        return string.Join('\n', lines);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Db.Dispose();
    }
}

/// <summary>
/// A clock the test moves by hand. Only "now" is fake: timers stay real, so the HTTP
/// resilience pipeline (which may take the registered TimeProvider) still times out and backs off.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Captures log messages; <see cref="WaitForAsync"/> waits on a message instead of on time.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public IEnumerable<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Completes when a message matching <paramref name="match"/> is logged after this call.</summary>
    public Task WaitForAsync(Func<string, bool> match)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, done));
        }

        return done.Task;
    }

    public void Dispose()
    {
    }

    private void Write(string message)
    {
        _messages.Enqueue(message);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write(formatter(state, exception));
    }
}
