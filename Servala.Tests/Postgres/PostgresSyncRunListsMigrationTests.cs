using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Postgres;

/// <summary>Sync history written before errors and new plan codes became lists, migrated on the throwaway PostgreSQL.</summary>
public sealed class PostgresSyncRunListsMigrationTests : IDisposable
{
    private readonly PostgresDatabase _database = new(migrate: false);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Migrate_RunsWrittenWithJoinedText_ReadAsTheirLists()
    {
        await using (var db = _database.Factory.CreateDbContext())
        {
            await SyncRunListsMigration.WriteOldRowsAsync(db);
        }

        await SyncRunListsMigration.MigrateAndCheckAsync(_database.Factory);
    }
}
