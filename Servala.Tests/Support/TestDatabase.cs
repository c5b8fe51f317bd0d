using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;

namespace Servala.Tests.Support;

/// <summary>A real SQLite database file in a temp folder, migrated, deleted on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _directory;

    public TestDatabase()
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "servala-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "catalog.db");
        ConnectionString = $"Data Source={Path}";
        Options = new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite(ConnectionString).Options;
        Factory = new OptionsFactory(Options);
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public DbContextOptions<CatalogDbContext> Options { get; }

    public IDbContextFactory<CatalogDbContext> Factory { get; }

    public CatalogDbContext CreateContext() => Factory.CreateDbContext();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open on the file only leaves a temp folder behind.
        }
    }

    private sealed class OptionsFactory(DbContextOptions<CatalogDbContext> options) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => new(options);
    }
}
