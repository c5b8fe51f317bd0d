using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Servala.Web.Data;

/// <summary>
/// ASP.NET Core Identity's tables and the data-protection key ring (used on PostgreSQL, where several nodes share
/// it); shares the database with the catalog, keeps its own migration history.
/// </summary>
public class ApplicationDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__IdentityMigrationsHistory";

    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>For <see cref="PostgresApplicationDbContext"/>, which carries the PostgreSQL migrations.</summary>
    protected ApplicationDbContext(DbContextOptions options)
        : base(options)
    {
    }
}

/// <summary>Identity on PostgreSQL: same model, its own migrations (Data/Migrations/Postgres).</summary>
public sealed class PostgresApplicationDbContext(DbContextOptions<PostgresApplicationDbContext> options) : ApplicationDbContext(options);
