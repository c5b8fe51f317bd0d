namespace Servala.Tests.Support;

/// <summary>The repo's copy of the shared acceptance data (kept in TestData/ so tests stand alone).</summary>
public static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    public static string SampleCatalog => Read("catalog.sample.json");

    public static string SampleSetup => Read("sample-setup.json");
}
