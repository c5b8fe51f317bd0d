using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Servala.Catalog.Data.Postgres;

/// <summary>
/// The catalog context on PostgreSQL. Same model; its own migrations (in this folder), since
/// migrations are provider-specific. <see cref="CatalogDbContextFactory"/> creates it when the
/// configured provider is PostgreSQL, so code keeps asking for <see cref="CatalogDbContext"/>.
/// </summary>
public sealed class PostgresCatalogDbContext(DbContextOptions<CatalogDbContext> options) : CatalogDbContext((DbContextOptions)options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCatalogDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseNpgsql("Host=localhost;Database=servala_design").Options);
}
