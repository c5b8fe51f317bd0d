using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;

namespace Servala.Tests.Sync;

/// <summary>Sync history written before errors and new plan codes became lists, migrated on a real SQLite file.</summary>
public sealed class SyncRunListsMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "servala-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Migrate_RunsWrittenWithJoinedText_ReadAsTheirLists()
    {
        Directory.CreateDirectory(_directory);
        var options = new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "catalog.db")}").Options;
        await using (var db = new CatalogDbContext(options))
        {
            await SyncRunListsMigration.WriteOldRowsAsync(db);
        }

        await SyncRunListsMigration.MigrateAndCheckAsync(new Factory(options));
    }

    private sealed class Factory(DbContextOptions<CatalogDbContext> options) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => new(options);
    }
}
