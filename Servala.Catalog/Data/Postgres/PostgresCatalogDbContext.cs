using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Servala.Catalog.Model;

namespace Servala.Catalog.Data.Postgres;

/// <summary>
/// The catalog context on PostgreSQL. Same model; its own migrations (in this folder), since
/// migrations are provider-specific. <see cref="CatalogDbContextFactory"/> creates it when the
/// configured provider is PostgreSQL, so code keeps asking for <see cref="CatalogDbContext"/>.
/// </summary>
public sealed class PostgresCatalogDbContext(DbContextOptions<CatalogDbContext> options) : CatalogDbContext((DbContextOptions)options)
{
    /// <summary>
    /// The fill factor of the synced tables: every sync rewrites every live row of them (at least its last-synced time),
    /// so each page keeps room for a new version of each of its rows. An update that finds room in the row's page and
    /// changes no indexed column is a heap-only tuple update: no index entry is written, and the old version is pruned
    /// by the next visit to the page.
    /// </summary>
    public const int SyncedTableFillFactor = 50;

    /// <summary>
    /// The one entity whose audit entries are looked up by key (<see cref="Admin.SlaTierAdminService.HistoryAsync"/>): the
    /// audit's (entity, key) index holds only its entries.
    /// </summary>
    private const string KeyedAuditEntity = Admin.SlaTierAdminService.AuditEntity;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType.IsAssignableTo(typeof(SyncedEntity))).ToList())
        {
            modelBuilder.Entity(entity.ClrType).HasStorageParameter("fillfactor", SyncedTableFillFactor);
        }

        // A sync that changes every price writes ~100k change rows and as many audit entries, and PostgreSQL checks a
        // foreign key and maintains an index entry row by row. What those serve on the change log:
        // - A change's run is checked by no constraint, as an audit entry's is not: both are written only by their run,
        //   in its transaction, after the run's own row (and runs are never deleted), and the foreign key's check, one
        //   query per inserted row, cost more than the rows themselves. Changes are still read by run (indexed).
        // - Audit entries are read newest first (their key) and, for SLA tiers only, by entity and key: no index by run,
        //   and the (entity, key) index holds the SLA tiers' entries alone, so a sync's entries for plans, storage and
        //   the rest are not indexed twice.
        modelBuilder.Entity<SyncRun>().Ignore(x => x.Changes);
        modelBuilder.Entity<SyncChange>().HasIndex(x => x.SyncRunId);
        var audit = modelBuilder.Entity<AuditEntry>();
        audit.Metadata.RemoveIndex([audit.Metadata.FindProperty(nameof(AuditEntry.SyncRunId))!]);
        audit.HasIndex(x => new { x.Entity, x.Key }).HasFilter($"\"Entity\" = '{KeyedAuditEntity}'");
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCatalogDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql("Host=localhost;Database=servala_design").Options);
}
