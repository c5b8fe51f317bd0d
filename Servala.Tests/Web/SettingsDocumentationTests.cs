using System.Text.Json;
using System.Text.RegularExpressions;

namespace Servala.Tests.Web;

/// <summary>The README's settings table and <c>appsettings.json</c> name the same settings.</summary>
public sealed partial class SettingsDocumentationTests
{
    [Fact]
    public void AppSettings_NamesEverySettingTheReadmeLists()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var appSettings = File.ReadAllText(Path.Combine(root, "Servala.Web", "appsettings.json"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..readme.IndexOf("## Pages", StringComparison.Ordinal)];
        var keys = table.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|')[1])
            .SelectMany(cell => Code().Matches(cell).Select(m => m.Groups[1].Value))
            .Where(k => !k.Contains('=', StringComparison.Ordinal) && !char.IsDigit(k[0]))
            .ToList();

        Assert.True(keys.Count > 20, $"the settings table was not found (read {keys.Count} keys)");
        var missing = keys.Where(key =>
        {
            var parts = key.Split(':');
            return parts.Length == 1
                ? !appSettings.Contains(key, StringComparison.Ordinal)
                : !appSettings.Contains($"\"{parts[0]}\"", StringComparison.Ordinal) || !appSettings.Contains($"\"{parts[1]}\"", StringComparison.Ordinal);
        }).ToList();
        Assert.True(missing.Count == 0, "README settings missing from appsettings.json: " + string.Join(", ", missing));

        // And the file, comments and all, is what the configuration reads.
        using var json = JsonDocument.Parse(appSettings, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        Assert.Equal("0 * * * *", json.RootElement.GetProperty("Catalog").GetProperty("SyncCron").GetString());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Servala.Blazor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Servala.Blazor.sln not found above the test output.");
    }

    [GeneratedRegex("`([^` ]+)`")]
    private static partial Regex Code();
}
