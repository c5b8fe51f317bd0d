using System.Diagnostics;
using System.Globalization;

namespace Servala.Benchmarks;

/// <summary>What the benchmark verbs share: their options, and the repository's programs started as processes.</summary>
internal static class Harness
{
    /// <summary>Starts another program of the repository from its Release build output, as its own process.</summary>
    public static Process StartDll(string dll, string name, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(name + ": " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(name + ": " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Publishes a project of the repository from its Release build (<c>dotnet publish --no-build</c>, a copy) into
    /// <c>artifacts/bench-NAME</c> and returns its main DLL: Blazor's script and the static assets are served from a
    /// published output, as deployed, not from the build folder.
    /// </summary>
    public static async Task<string> PublishAsync(string project, string name)
    {
        var root = QuoteSoak.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "bench-" + name);
        await DotnetAsync($"dotnet publish {project} (is there a Release build?)",
            "publish", Path.Combine(root, project, project + ".csproj"), "--no-build", "-c", "Release", "-o", output, "-v", "quiet", "-nologo");
        return Path.Combine(output, project + ".dll");
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in the repository's root and returns what it printed;
    /// an exit code other than 0 throws, naming <paramref name="what"/> and the output.
    /// </summary>
    public static async Task<string> DotnetAsync(string what, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = QuoteSoak.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }

    /// <summary>
    /// The published portal as deployed (Production, demo mode, a fresh SQLite file, the catalog read from a file),
    /// with <paramref name="settings"/> added to its environment.
    /// </summary>
    public static Process StartPortal(string dll, string directory, string catalogPath, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(directory, "portal.db")}",
            ["SERVALA_WEBSITE_URL"] = "file:" + catalogPath,
            ["Portal__Demo"] = "true",
            ["DataProtection__KeysPath"] = Path.Combine(directory, "keys"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return StartDll(dll, "portal", [], environment);
    }

    public static void Stop(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
