using Microsoft.EntityFrameworkCore;
using Npgsql;
using Servala.Catalog.Data;

namespace Servala.Tests.Support;

/// <summary>
/// A fresh database on the throwaway PostgreSQL cluster the test script starts
/// (<c>SERVALA_TEST_POSTGRES</c>), migrated, dropped on dispose.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public PostgresDatabase(bool migrate = true)
    {
        var server = Environment.GetEnvironmentVariable("SERVALA_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SERVALA_TEST_POSTGRES is not set: run ./scripts/test.sh, which starts a throwaway PostgreSQL cluster on loopback.");
        Name = "servala_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{Name}\"";
            command.ExecuteNonQuery();
        }

        _server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
        Settings = new DatabaseSettings(DatabaseProvider.PostgreSQL, ConnectionString);
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        CatalogDbContextFactory.Configure(options, Settings);
        Factory = new CatalogDbContextFactory(options.Options, Settings);
        if (migrate)
        {
            using var db = Factory.CreateDbContext();
            db.Database.Migrate();
        }
    }

    private readonly string _server;

    public string Name { get; }

    public string ConnectionString { get; }

    public DatabaseSettings Settings { get; }

    public IDbContextFactory<CatalogDbContext> Factory { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
