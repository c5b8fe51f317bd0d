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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType.IsAssignableTo(typeof(SyncedEntity))).ToList())
        {
            modelBuilder.Entity(entity.ClrType).HasStorageParameter("fillfactor", SyncedTableFillFactor);
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCatalogDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql("Host=localhost;Database=servala_design").Options);
}
