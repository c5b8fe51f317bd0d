using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Servala.Tests.Support;

/// <summary>
/// The whole portal in-process on a fresh SQLite file, in demo mode (opted into with
/// <c>Portal:Demo</c>): migrations, the bundled demo catalog and demo setup are applied exactly as
/// on a first <c>dotnet run</c>.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "servala-tests", "portal-" + Guid.NewGuid().ToString("N"));

    public PortalFactory()
    {
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "portal.db");
    }

    public string DatabasePath { get; }

    /// <summary>The hosting environment; Production shows what a deployment serves (error pages, headers).</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>Every log line the portal wrote, to check that no secret reaches one.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Extra settings a test class needs (e.g. a lower rate limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Catalog:WebsiteUrl", "");
        builder.UseSetting("Portal:Demo", "true");
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(_directory, "keys"));

        // Tests sign in many times from one address; the login throttle has its own tests.
        builder.UseSetting("Login:AttemptsPerMinute", "10000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open only leaves a temp folder behind.
        }
    }
}
