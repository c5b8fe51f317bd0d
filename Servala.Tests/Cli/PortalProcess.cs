using System.Diagnostics;

namespace Servala.Tests.Cli;

/// <summary>Runs the built portal program (<c>Servala.Web.dll</c>) as a real process with its own SQLite file.</summary>
public sealed class PortalProcess : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "servala-tests", "cli-" + Guid.NewGuid().ToString("N"));

    public PortalProcess()
    {
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "cli.db");
    }

    public string DatabasePath { get; }

    public string Directory_ => _directory;

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public async Task<Result> RunAsync(IDictionary<string, string>? environment, params string[] args)
    {
        using var running = Start(environment, args);
        return await running.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Starts the program without waiting for it, e.g. to kill it half-way.</summary>
    public Running Start(IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WebOutputDirectory(),
        };
        start.ArgumentList.Add(Path.Combine(WebOutputDirectory(), "Servala.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Database__ConnectionString"] = $"Data Source={DatabasePath}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("SERVALA_WEBSITE_URL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new Running(Process.Start(start)!);
    }

    /// <summary>A started program whose output is being collected.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        public Running(Process process)
        {
            Process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public async Task<Result> WaitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The portal did not exit within {timeout}.");
            }

            return new Result(Process.ExitCode, await _stdout, await _stderr);
        }

        /// <summary>SIGKILL: no shutdown code of the program runs.</summary>
        public async Task KillAsync()
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }

    /// <summary>The web project's build output beside this test assembly's (same configuration).</summary>
    /// <summary>
    /// The published portal when the test script made one (<c>SERVALA_TEST_PORTAL</c>: static assets included, as
    /// in production), else the build output (static assets are only served from it in Development).
    /// </summary>
    public static bool IsPublished => Environment.GetEnvironmentVariable("SERVALA_TEST_PORTAL") is { Length: > 0 };

    private static string WebOutputDirectory()
    {
        if (Environment.GetEnvironmentVariable("SERVALA_TEST_PORTAL") is { Length: > 0 } published)
        {
            return published;
        }

        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Servala.Blazor.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "Servala.Web", "bin", testBin.Parent.Parent!.Name == "bin" ? configuration : "Debug", testBin.Name);
    }

    public void Dispose()
    {
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
