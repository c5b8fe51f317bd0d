using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Servala.Catalog.Data;
using Servala.Catalog.Data.Postgres;
using Servala.Web.Data;

namespace Servala.Web.Startup;

/// <summary>
/// Whether a database's migration history already holds every migration of a context, read with a plain connection: the
/// first use of a context builds its model (and EF Core's own model of the history table), which a verb that never uses
/// that context (Identity's, for a sync) should not pay for on every start. The migrations are found as EF Core finds
/// them: the types in the context's assembly with <see cref="MigrationAttribute"/> and a <see cref="DbContextAttribute"/>
/// naming the context.
/// </summary>
internal static class MigrationHistory
{
    /// <summary>EF Core's default history table, the catalog's.</summary>
    public const string CatalogTable = "__EFMigrationsHistory";

    public static Type CatalogContext(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSQL ? typeof(PostgresCatalogDbContext) : typeof(CatalogDbContext);

    public static Type IdentityContext(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSQL ? typeof(PostgresApplicationDbContext) : typeof(ApplicationDbContext);

    /// <summary>The ids of <paramref name="context"/>'s migrations.</summary>
    public static IReadOnlyList<string> Migrations(Type context) =>
        [.. context.Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == context)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()];

    /// <summary>
    /// True when <paramref name="table"/> lists every migration of <paramref name="context"/>; false when one is missing
    /// or the history could not be read (no table yet, say): then the context itself decides, as before.
    /// </summary>
    public static async Task<bool> IsUpToDateAsync(DatabaseSettings database, Type context, string table, CancellationToken cancellationToken)
    {
        var known = Migrations(context);
        HashSet<string> applied;
        try
        {
            applied = await AppliedAsync(database, table, cancellationToken);
        }
        catch (DbException)
        {
            return false;
        }

        return known.All(applied.Contains);
    }

    private static async Task<HashSet<string>> AppliedAsync(DatabaseSettings database, string table, CancellationToken cancellationToken)
    {
        // SQLite: read-only, so a database that does not exist yet is not created here (EF Core creates it, in WAL mode,
        // only when there is no file), and unpooled, so no connection of this check stays open beside the context's.
        await using DbConnection connection = database.Provider == DatabaseProvider.PostgreSQL
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"MigrationId\" FROM \"{table}\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }
}
