namespace Servala.Catalog;

/// <summary>The demo data the app ships as its embedded default (same formats as a synced catalog and a setup file).</summary>
public static class DemoData
{
    private static readonly Lazy<string> Setup = new(() => Read("Servala.Catalog.DemoData.setup.json"));
    private static readonly Lazy<string> Catalog = new(() => Read("Servala.Catalog.DemoData.catalog.json"));

    /// <summary>The demo portal setup file (see <see cref="Setup.SetupFile"/>).</summary>
    public static string SetupJson => Setup.Value;

    /// <summary>The demo catalog document, in the website's catalog format.</summary>
    public static string CatalogJson => Catalog.Value;

    private static string Read(string resource)
    {
        using var stream = typeof(DemoData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource '{resource}' is missing from {typeof(DemoData).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
