using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data.Postgres;

namespace Servala.Catalog.Data;

/// <summary>The database engines the portal runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, one machine.</summary>
    Sqlite,

    /// <summary>For deployments where one machine is not enough.</summary>
    PostgreSQL,
}

/// <summary>Where the portal's data lives.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);

/// <summary>
/// Creates the catalog context for the configured provider: <see cref="CatalogDbContext"/> on SQLite,
/// <see cref="PostgresCatalogDbContext"/> (same model, PostgreSQL migrations) on PostgreSQL.
/// </summary>
public sealed class CatalogDbContextFactory(DbContextOptions<CatalogDbContext> options, DatabaseSettings settings) : IDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext() => settings.Provider switch
    {
        DatabaseProvider.Sqlite => new CatalogDbContext(options),
        DatabaseProvider.PostgreSQL => new PostgresCatalogDbContext(options),
    };

    /// <summary>Configures EF Core for a provider; <paramref name="migrationsHistoryTable"/> keeps contexts sharing one database apart.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseSettings settings, string? migrationsHistoryTable = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var connectionString = settings.ConnectionString;
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, sqlite =>
                {
                    if (migrationsHistoryTable is not null)
                    {
                        sqlite.MigrationsHistoryTable(migrationsHistoryTable);
                    }
                });
                break;
            case DatabaseProvider.PostgreSQL:
                builder.UseNpgsql(connectionString, npgsql =>
                {
                    if (migrationsHistoryTable is not null)
                    {
                        npgsql.MigrationsHistoryTable(migrationsHistoryTable);
                    }
                });
                break;
        }
    }
}
