using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Servala.Web.Startup;

/// <summary>Which database the portal uses (section <c>Database</c>).</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the embedded default).</summary>
    [Required]
    [RegularExpression("^(Sqlite)$", ErrorMessage = "Database:Provider must be 'Sqlite'.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Connection string; defaults to a SQLite file under the content root's Data folder.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        var folder = Path.Combine(contentRoot, "Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "servala.db")}";
    }

    public void Configure(DbContextOptionsBuilder options, string connectionString, string? migrationsHistoryTable = null)
    {
        if (!Provider.Equals("Sqlite", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Database:Provider '{Provider}' is not supported; use 'Sqlite'.");
        }

        options.UseSqlite(connectionString, sqlite =>
        {
            if (migrationsHistoryTable is not null)
            {
                sqlite.MigrationsHistoryTable(migrationsHistoryTable);
            }
        });
    }
}
