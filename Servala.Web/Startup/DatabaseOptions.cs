using Servala.Catalog.Data;

namespace Servala.Web.Startup;

/// <summary>Which database the portal uses (section <c>Database</c>).</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>PostgreSQL</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; on SQLite it defaults to a file under the content root's Data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The host's database settings, read once per builder and shared by the catalog and Identity registrations.</summary>
    public static DatabaseSettings For(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(DatabaseSettings), out var known))
        {
            return (DatabaseSettings)known;
        }

        var settings = Read(builder);
        builder.Properties[typeof(DatabaseSettings)] = settings;
        return settings;
    }

    /// <summary>Reads and checks the section; a wrong setting stops start-up with a message naming the key.</summary>
    private static DatabaseSettings Read(IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        DatabaseOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{Section}:Provider must be 'Sqlite' or 'PostgreSQL' ({e.Message})", e);
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new DatabaseSettings(options.Provider, options.ConnectionString);
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"{Section}:ConnectionString is required when {Section}:Provider is {options.Provider}.");
        }

        var folder = Path.Combine(contentRoot, "Data");
        Directory.CreateDirectory(folder);
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "servala.db")}");
    }
}
