using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Data.Postgres;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Postgres;

/// <summary>The catalog core on a real PostgreSQL server: migrations, the sync, setup, pricing and ordering.</summary>
public sealed class PostgresCatalogTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private ServiceProvider _services = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "servala-tests", "pg-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(_database.Factory);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogSnapshotStore>();
        services.AddSingleton(new PriceCalculator());
        services.AddSingleton<InstanceService>();
        services.AddCatalogSync();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<SyncReport> SyncAsync(string json)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        return await _services.GetRequiredService<CatalogSyncService>().RunAsync(new SyncRequest("file:" + path));
    }

    private async Task<CatalogSnapshot> SyncAndSeedAsync()
    {
        var report = await SyncAsync(TestFiles.SampleCatalog);
        Assert.True(report.IsSuccess, string.Join("\n", report.Errors));
        await new SetupApplier(_database.Factory).ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), new FakeUserDirectory());
        return await _services.GetRequiredService<CatalogSnapshotStore>().ReloadAsync();
    }

    [Fact]
    public async Task Migrate_OnPostgres_UsesThePostgresMigrationsAndSeedsNoSla()
    {
        await using var db = _database.Factory.CreateDbContext();

        Assert.IsType<PostgresCatalogDbContext>(db);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal("No SLA", (await db.SlaTiers.SingleAsync(t => t.Code == "nosla")).Name);
    }

    [Fact]
    public async Task Migrate_OnPostgres_LeavesRoomInThePagesOfEverySyncedTable()
    {
        await using var db = _database.Factory.CreateDbContext();
        var synced = db.Model.GetEntityTypes().Where(e => e.ClrType.IsAssignableTo(typeof(SyncedEntity))).Select(e => e.GetTableName()!).Order(StringComparer.Ordinal).ToList();

        await using var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND 'fillfactor=50' = ANY(c.reloptions) ORDER BY c.relname COLLATE \"C\"", connection);
        var withRoom = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                withRoom.Add(reader.GetString(0));
            }
        }

        Assert.Equal(8, synced.Count);
        Assert.Equal(synced, withRoom);
    }

    [Fact]
    public async Task Sync_OnPostgres_AppliesThenIsIdempotent()
    {
        var first = await SyncAsync(TestFiles.SampleCatalog);
        var second = await SyncAsync(TestFiles.SampleCatalog);

        Assert.Equal(SyncOutcome.Succeeded, first.Outcome);
        Assert.Equal(SyncOutcome.Unchanged, second.Outcome);
        Assert.Equal(0, second.Run.TotalChanges);
        await using var db = _database.Factory.CreateDbContext();
        Assert.Equal(16, await db.ComputePlanEntries.CountAsync());
        Assert.Equal(0.16m, (await db.ComputePlanEntries.SingleAsync(e => e.ProductId == "postgresql-standard-8")).HourlyPrice);
    }

    [Fact]
    public async Task Sync_InvalidDocumentOnPostgres_WritesNothing()
    {
        await SyncAsync(TestFiles.SampleCatalog);

        var report = await SyncAsync(CatalogJson.With("services[0].computePlans[0].hourlyPrice", "\"-1\""));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        await using var db = _database.Factory.CreateDbContext();
        Assert.Equal(0.015m, (await db.ComputePlanEntries.SingleAsync(e => e.ProductId == "postgresql-mini")).HourlyPrice);
    }

    [Fact]
    public async Task AcceptanceQuotes_FromAPostgresCatalog_AllMatch()
    {
        var catalog = await SyncAndSeedAsync();
        var calculator = new PriceCalculator();

        foreach (var expected in AcceptanceCases.All)
        {
            var result = calculator.Quote(catalog, expected.Request);
            if (expected.Refused is not null)
            {
                Assert.Contains(expected.Refused, result.Refusal?.Message ?? "(priced)", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            Assert.True(result.IsSuccess, $"{expected.Name}: {result.Refusal?.Message}");
            AcceptanceCases.AssertMatches(expected, result.Quote!);
        }
    }

    [Fact]
    public async Task OrderAndStalePlan_OnPostgres_KeepThePriceOfTheExistingInstance()
    {
        await SyncAndSeedAsync();
        var instances = _services.GetRequiredService<InstanceService>();
        int acme;
        await using (var db = _database.Factory.CreateDbContext())
        {
            acme = (await db.Organizations.SingleAsync(o => o.Slug == "acme")).Id;
        }

        var request = new QuoteRequest("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1);
        var ordered = await instances.OrderAsync(acme, "orders-db", request);
        await SyncAsync(CatalogJson.Edit(TestFiles.SampleCatalog, ("services[0].computePlans[3]", null)));

        await using var check = _database.Factory.CreateDbContext();
        var instance = (await InstanceService.LoadFamiliesAsync(check, i => i.Id == ordered.Instance!.Id, default)).Single().Instance;
        var price = instances.PriceExisting(instance, []);
        Assert.Equal(376.92m, instance.QuotedMonthly);
        Assert.Equal(376.92m, price.Quote!.TotalMonthly);
        Assert.True(price.Quote.Stale);
        Assert.Equal("plan", (await instances.OrderAsync(acme, "another-db", request)).Field);
    }
}
